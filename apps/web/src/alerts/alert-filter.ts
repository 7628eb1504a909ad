import { isOpenAlertState, type Alert, type AlertLevel, type AlertRuleKind, type AlertState } from '@tianyan/contracts';

/** What the alert list shows; empty arrays mean "any". */
export interface AlertFilter {
  levels: readonly AlertLevel[];
  states: readonly AlertState[];
  ruleKinds: readonly AlertRuleKind[];
  /** Exact device id, or '' for any. */
  deviceId: string;
  openOnly: boolean;
  /** true: drills only; false: real alerts only; null: both. */
  drill: boolean | null;
  /** ISO bounds of the raise time, or null. */
  from: string | null;
  to: string | null;
}

export const DEFAULT_ALERT_FILTER: AlertFilter = { levels: [], states: [], ruleKinds: [], deviceId: '', openOnly: true, drill: null, from: null, to: null };

/** The query string of `GET /api/alerts` for a filter and a page. */
export function alertQueryString(filter: AlertFilter, page: { limit: number; offset: number }): string {
  const q = new URLSearchParams();
  if (filter.states.length > 0) q.set('state', filter.states.join(','));
  if (filter.levels.length > 0) q.set('level', filter.levels.join(','));
  if (filter.ruleKinds.length > 0) q.set('ruleKind', filter.ruleKinds.join(','));
  if (filter.deviceId.trim()) q.set('deviceId', filter.deviceId.trim());
  if (filter.openOnly) q.set('open', 'true');
  if (filter.drill !== null) q.set('drill', String(filter.drill));
  if (filter.from) q.set('from', filter.from);
  if (filter.to) q.set('to', filter.to);
  q.set('limit', String(page.limit));
  q.set('offset', String(page.offset));
  return q.toString();
}

/** Whether an alert belongs in a list with this filter (how live updates join or leave a page). */
export function matchesAlertFilter(a: Alert, f: AlertFilter): boolean {
  if (f.levels.length > 0 && !f.levels.includes(a.level)) return false;
  if (f.states.length > 0 && !f.states.includes(a.state)) return false;
  if (f.ruleKinds.length > 0 && !f.ruleKinds.includes(a.ruleKind)) return false;
  if (f.deviceId.trim() && a.deviceId !== f.deviceId.trim()) return false;
  if (f.openOnly && !isOpenAlertState(a.state)) return false;
  if (f.drill !== null && a.drill !== f.drill) return false;
  const raised = Date.parse(a.raisedAt);
  if (f.from && raised < Date.parse(f.from)) return false;
  if (f.to && raised > Date.parse(f.to)) return false;
  return true;
}
