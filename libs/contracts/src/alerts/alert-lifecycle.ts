import { roleAtLeast, type Role } from '../auth/roles';
import type { AlertLevel } from './alert-level';

/**
 * The closed loop of an alert (domain.md §5.3, DESIGN.md §7). The state names the last step done:
 * raised → acknowledged → dispatched (to a responsible unit, with a deadline) → rectifying →
 * submitted → county_check (passed) → city_review (passed) → province_tracking → closed (销号).
 * Any check sends it back to rectifying with a new deadline; `lifted` (解除) ends a warning that
 * needs no rectification.
 */
export const ALERT_STATES = [
  'raised', 'acknowledged', 'dispatched', 'rectifying', 'submitted',
  'county_check', 'city_review', 'province_tracking', 'closed', 'lifted',
] as const;
export type AlertState = (typeof ALERT_STATES)[number];
export const FINAL_ALERT_STATES = ['closed', 'lifted'] as const satisfies readonly AlertState[];
export function isOpenAlertState(state: AlertState): boolean {
  return !(FINAL_ALERT_STATES as readonly AlertState[]).includes(state);
}

/** Steps people take. */
export const ALERT_ACTIONS = [
  'acknowledge', 'dispatch', 'start_rectification', 'submit', 'county_check', 'city_review',
  'province_track', 'close', 'send_back', 'lower', 'lift', 'comment',
] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

/** Steps the system records by itself. */
export const ALERT_SYSTEM_STEPS = ['raised', 'escalated', 'condition_cleared', 'condition_returned', 'overdue', 'notified'] as const;
export type AlertSystemStep = (typeof ALERT_SYSTEM_STEPS)[number];
export type AlertStepKind = AlertAction | AlertSystemStep;

const OPEN: readonly AlertState[] = ALERT_STATES.filter(isOpenAlertState);
const CHECKED: readonly AlertState[] = ['submitted', 'county_check', 'city_review', 'province_tracking'];

export interface AlertTransition {
  /** States the action may be taken from. */
  from: readonly AlertState[];
  /** The state after it; null: the state does not change. */
  to: AlertState | null;
  /** Lowest role that may take it. */
  role: Role;
  /** What the request must carry. */
  needs: readonly ('note' | 'deadline' | 'unitId' | 'level')[];
  /**
   * Four eyes: the person who took this earlier step may not take this one (a check is not passed by
   * the one whose work it checks).
   */
  notBy?: AlertAction;
}

export const ALERT_TRANSITIONS: Readonly<Record<AlertAction, AlertTransition>> = {
  acknowledge: { from: ['raised'], to: 'acknowledged', role: 'operator', needs: [] },
  dispatch: { from: ['acknowledged'], to: 'dispatched', role: 'commander', needs: ['unitId', 'deadline'] },
  start_rectification: { from: ['dispatched'], to: 'rectifying', role: 'operator', needs: [] },
  submit: { from: ['rectifying'], to: 'submitted', role: 'operator', needs: ['note'] },
  county_check: { from: ['submitted'], to: 'county_check', role: 'commander', needs: ['note'], notBy: 'submit' },
  city_review: { from: ['county_check'], to: 'city_review', role: 'commander', needs: ['note'], notBy: 'county_check' },
  province_track: { from: ['city_review'], to: 'province_tracking', role: 'commander', needs: ['note'], notBy: 'city_review' },
  close: { from: ['province_tracking'], to: 'closed', role: 'commander', needs: ['note'] },
  send_back: { from: CHECKED, to: 'rectifying', role: 'commander', needs: ['note', 'deadline'] },
  lower: { from: OPEN, to: null, role: 'commander', needs: ['note', 'level'] },
  lift: { from: OPEN, to: 'lifted', role: 'commander', needs: ['note'] },
  comment: { from: ALERT_STATES, to: null, role: 'operator', needs: ['note'] },
};

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * How long each state may last before the next step is overdue (then the alert escalates). The
 * rectification deadline is the one set when dispatching or sending back; the rest are defaults.
 */
export const ALERT_STEP_DUE_MS: Readonly<Record<'raised' | 'acknowledged' | 'submitted' | 'county_check' | 'city_review' | 'province_tracking', Readonly<Record<AlertLevel, number>>>> = {
  raised: { red: 5 * MIN, orange: 15 * MIN, yellow: HOUR, blue: 4 * HOUR },
  acknowledged: { red: 30 * MIN, orange: HOUR, yellow: 4 * HOUR, blue: DAY },
  submitted: { red: DAY, orange: 2 * DAY, yellow: 3 * DAY, blue: 3 * DAY },
  county_check: { red: 2 * DAY, orange: 3 * DAY, yellow: 7 * DAY, blue: 7 * DAY },
  city_review: { red: 7 * DAY, orange: 7 * DAY, yellow: 7 * DAY, blue: 7 * DAY },
  // Public notice (公示) lasts 7 days before close-out.
  province_tracking: { red: 7 * DAY, orange: 7 * DAY, yellow: 7 * DAY, blue: 7 * DAY },
};

/** When the step after entering `state` falls due; null for the states whose deadline a person sets. */
export function defaultDueAt(state: AlertState, level: AlertLevel, enteredAt: number): number | null {
  const due = (ALERT_STEP_DUE_MS as Partial<Record<AlertState, Record<AlertLevel, number>>>)[state];
  return due ? enteredAt + due[level] : null;
}

/** The actions a person of `role` may take on an alert in `state` (the screen's buttons). */
export function actionsAvailable(state: AlertState, role: Role): AlertAction[] {
  return ALERT_ACTIONS.filter((action) => ALERT_TRANSITIONS[action].from.includes(state) && roleAtLeast(role, ALERT_TRANSITIONS[action].role));
}
