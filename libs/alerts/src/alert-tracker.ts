import { alertLevelRank, type AlertLevel } from '@tianyan/contracts';
import { alertKey } from './alert-key';
import type { Finding } from './finding';

/** An alert open in the database, as the tracker needs it at start. */
export interface OpenAlertState {
  id: string;
  key: string;
  level: AlertLevel;
  active: boolean;
  peakSeverity: number | null;
  /** Device time of its earliest triggering reading (a later-arriving earlier one moves it). */
  firstAt?: number;
}

/** What to do to the stored alerts. Every change but `clear` means the condition holds. */
export type AlertChange =
  /**
   * A new alert at the highest level its findings in this batch reached (`finding`); `first` is the
   * batch's first finding of the condition, where the alert starts.
   */
  | { type: 'raise'; alertId: string; key: string; finding: Finding; first: Finding }
  /** The level rose (also when it rises on return). */
  | { type: 'escalate'; alertId: string; from: AlertLevel; finding: Finding }
  /** Same level, worse severity than ever: link this reading. */
  | { type: 'peak'; alertId: string; finding: Finding }
  /** Still holding; at most once per refreshMs per alert. */
  | { type: 'refresh'; alertId: string; finding: Finding }
  /** The condition is gone: the alert stays open and its level does NOT drop. */
  | { type: 'clear'; alertId: string; finding: Finding }
  /** The condition is back while the alert is still open. */
  | { type: 'return'; alertId: string; finding: Finding }
  /**
   * A reading that arrived late (store-and-forward, or a batch that committed after a later one)
   * shows the condition began earlier than the alert says: move its start, link the reading.
   */
  | { type: 'earlier'; alertId: string; finding: Finding };

interface Tracked {
  id: string;
  key: string;
  level: AlertLevel;
  active: boolean;
  peakSeverity: number | null;
  firstAt: number;
  /** When a change last went out for it (rate limit of `refresh`). */
  updatedAt: number;
}

/** One alert's findings within one `apply` call, reduced to at most a few changes. */
interface Touched {
  alert: Tracked;
  raised: boolean;
  /** For a raised alert: its first finding. */
  first: Finding | null;
  startLevel: AlertLevel;
  startActive: boolean;
  /** Highest level, then highest severity, among the batch's 'level' findings. */
  worst: Finding | null;
  peaked: boolean;
  /** The finding that last made it active again. */
  returned: Finding | null;
  cleared: Finding | null;
  holding: Finding | null;
  /** The earliest level finding before the alert's known start. */
  earlier: Finding | null;
}

/**
 * De-duplication and escalation: one open alert per rule × device × subject. Findings for an open key
 * never raise a second alert; levels only rise (a person lowers them); a clear leaves the alert open
 * until a person closes it. Findings of one batch collapse into at most one change of each kind per alert.
 */
export class AlertTracker {
  private readonly byKey = new Map<string, Tracked>();
  private readonly byId = new Map<string, Tracked>();
  private readonly refreshMs: number;
  private readonly newId: () => string;

  constructor(options: { refreshMs: number; newId: () => string }) {
    this.refreshMs = options.refreshMs;
    this.newId = options.newId;
  }

  get openCount(): number {
    return this.byKey.size;
  }

  /** Alerts open in the database at start. */
  load(open: readonly OpenAlertState[]): void {
    for (const a of open) this.track({ id: a.id, key: a.key, level: a.level, active: a.active, peakSeverity: a.peakSeverity, firstAt: a.firstAt ?? -Infinity, updatedAt: -Infinity });
  }

  apply(findings: readonly Finding[], now: number): AlertChange[] {
    const touched = new Map<Tracked, Touched>();
    const touch = (alert: Tracked, raised = false): Touched => {
      let t = touched.get(alert);
      if (t === undefined) {
        t = { alert, raised, first: null, startLevel: alert.level, startActive: alert.active, worst: null, peaked: false, returned: null, cleared: null, holding: null, earlier: null };
        touched.set(alert, t);
      }
      return t;
    };
    for (const f of findings) {
      const key = alertKey(f);
      const alert = this.byKey.get(key);
      if (f.status === 'level') {
        if (f.level === null) throw new Error(`finding ${key}: status "level" needs a level`);
        if (alert === undefined) {
          const created: Tracked = { id: this.newId(), key, level: f.level, active: true, peakSeverity: f.severity, firstAt: f.at, updatedAt: now };
          this.track(created);
          const t = touch(created, true);
          t.first = f;
          t.worst = f;
          t.holding = f;
          continue;
        }
        const t = touch(alert);
        if (f.at < alert.firstAt) {
          alert.firstAt = f.at;
          if (t.raised) t.first = f;
          else t.earlier = f;
        }
        if (!alert.active) {
          alert.active = true;
          t.returned = f;
        }
        if (alertLevelRank(f.level) > alertLevelRank(alert.level)) alert.level = f.level;
        if (worse(f, t.worst)) t.worst = f;
        if (f.severity !== null && (alert.peakSeverity === null || f.severity > alert.peakSeverity)) {
          alert.peakSeverity = f.severity;
          t.peaked = true;
        }
        t.holding = f;
      } else if (alert !== undefined) {
        const t = touch(alert);
        if (f.status === 'hold') {
          if (alert.active) t.holding = f;
        } else if (alert.active) {
          alert.active = false;
          t.cleared = f;
        }
      }
    }
    const changes: AlertChange[] = [];
    for (const t of touched.values()) this.collapse(t, now, changes);
    return changes;
  }

  /** Closed or lifted by a person: the next occurrence raises a new alert. */
  forget(alertId: string): void {
    const alert = this.byId.get(alertId);
    if (alert === undefined) return;
    this.byId.delete(alertId);
    this.byKey.delete(alert.key);
  }

  /** A person lowered it: later escalation compares with the new level. Unknown ids are ignored. */
  lowered(alertId: string, level: AlertLevel): void {
    const alert = this.byId.get(alertId);
    if (alert !== undefined) alert.level = level;
  }

  private track(alert: Tracked): void {
    this.byKey.set(alert.key, alert);
    this.byId.set(alert.id, alert);
  }

  private collapse(t: Touched, now: number, changes: AlertChange[]): void {
    const { alert } = t;
    const before = changes.length;
    if (t.raised) changes.push({ type: 'raise', alertId: alert.id, key: alert.key, finding: t.worst!, first: t.first! });
    else if (alertLevelRank(alert.level) > alertLevelRank(t.startLevel)) changes.push({ type: 'escalate', alertId: alert.id, from: t.startLevel, finding: t.worst! });
    else {
      if (alert.active && !t.startActive) changes.push({ type: 'return', alertId: alert.id, finding: t.returned! });
      if (t.peaked) changes.push({ type: 'peak', alertId: alert.id, finding: t.worst! });
    }
    if (t.earlier !== null) changes.push({ type: 'earlier', alertId: alert.id, finding: t.earlier });
    // Every change above tells the consumer the condition held: end on a clear if it does not now.
    if (!alert.active && (t.startActive || changes.length > before)) changes.push({ type: 'clear', alertId: alert.id, finding: t.cleared! });
    if (changes.length === before && alert.active && t.holding !== null && now - alert.updatedAt >= this.refreshMs) {
      changes.push({ type: 'refresh', alertId: alert.id, finding: t.holding });
    }
    if (changes.length > before) alert.updatedAt = now;
  }
}

/** Higher level first, then higher severity; the earlier finding wins a tie. */
function worse(f: Finding, than: Finding | null): boolean {
  if (than === null) return true;
  const byLevel = alertLevelRank(f.level!) - alertLevelRank(than.level!);
  if (byLevel !== 0) return byLevel > 0;
  return f.severity !== null && (than.severity === null || f.severity > than.severity);
}
