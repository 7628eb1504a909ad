import { alertLevelRank, isOpenAlertState, type Alert } from '@tianyan/contracts';

/** Worst colour first, then the newest raise. */
export function compareAlerts(a: Alert, b: Alert): number {
  return alertLevelRank(b.level) - alertLevelRank(a.level) || Date.parse(b.raisedAt) - Date.parse(a.raisedAt);
}

/** True when `incoming` is not older than `held` (REST snapshots and socket events may cross). */
export function isNewerOrSame(incoming: Pick<Alert, 'updatedAt'>, held: Pick<Alert, 'updatedAt'> | undefined): boolean {
  return !held || Date.parse(incoming.updatedAt) >= Date.parse(held.updatedAt);
}

interface Seen {
  updatedAt: string;
  /** When it came in, on the feed's own counter (no clocks to disagree). */
  stamp: number;
}

/**
 * The open alerts the screen knows (ticker and map): fed by the REST snapshot at start and after a
 * reconnect, then by the socket. Closed and lifted alerts leave it; a stale copy never overwrites a
 * newer one (nor revives a closed one); at most `capacity` are held, the least severe and oldest
 * going first.
 */
export class AlertFeed {
  private readonly byId = new Map<string, Alert>();
  /** Every alert id recently seen, open or not, in arrival order (bounded). */
  private readonly seen = new Map<string, Seen>();
  private counter = 0;
  private readonly listeners = new Set<() => void>();
  private sorted: Alert[] | null = [];

  constructor(private readonly capacity = 500) {}

  /** Socket events: newest copy wins. */
  apply(alerts: readonly Alert[]): void {
    let changed = false;
    for (const a of alerts) changed = this.put(a) || changed;
    if (changed) this.changed();
  }

  /** Call before requesting a REST snapshot; hand the result to `replaceOpen`. */
  mark(): number {
    return this.counter;
  }

  /**
   * A REST snapshot of every open alert, requested after `mark`: replaces what is held, except what
   * the socket delivered after the request left (it may be newer than the snapshot).
   */
  replaceOpen(alerts: readonly Alert[], mark: number): void {
    for (const id of [...this.byId.keys()]) if ((this.seen.get(id)?.stamp ?? 0) <= mark) this.byId.delete(id);
    for (const a of alerts) {
      const seen = this.seen.get(a.id);
      // Closed (or changed) by the socket after the request left: the snapshot is older.
      if (seen && seen.stamp > mark && !this.byId.has(a.id)) continue;
      this.put(a);
    }
    this.changed();
  }

  get(id: string): Alert | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Open alerts, worst first, then newest (cached until the next change). */
  open(): readonly Alert[] {
    this.sorted ??= [...this.byId.values()].sort(compareAlerts);
    return this.sorted;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private put(a: Alert): boolean {
    if (!isNewerOrSame(a, this.seen.get(a.id))) return false;
    this.seen.delete(a.id);
    this.seen.set(a.id, { updatedAt: a.updatedAt, stamp: ++this.counter });
    if (this.seen.size > this.capacity * 4) this.seen.delete(this.seen.keys().next().value!);
    if (!isOpenAlertState(a.state)) return this.byId.delete(a.id);
    this.byId.set(a.id, a);
    return true;
  }

  private changed(): void {
    this.sorted = null;
    if (this.byId.size > this.capacity) {
      for (const drop of this.open().slice(this.capacity)) this.byId.delete(drop.id);
      this.sorted = null;
    }
    for (const l of this.listeners) l();
  }
}
