import type { ReplayClock } from '@tianyan/contracts';

/**
 * The replay clock between the server's `replay:clock` ticks (about once a second): it runs on at
 * `speed` from the last tick, stops when paused and never leaves the incident window.
 */
export class ReplayClockModel {
  private last: ReplayClock | null = null;
  private receivedAt = 0;

  apply(clock: ReplayClock, wallNow: number): void {
    this.last = clock;
    this.receivedAt = wallNow;
  }

  /** A seek or pause decided here: move at once, the server's next tick confirms it. */
  patch(change: Partial<Pick<ReplayClock, 'at' | 'speed' | 'paused'>>, wallNow: number): void {
    if (!this.last) return;
    this.last = { ...this.last, at: this.now(wallNow) ?? this.last.at, ...change };
    this.receivedAt = wallNow;
  }

  clear(): void {
    this.last = null;
  }

  get clock(): ReplayClock | null {
    return this.last;
  }

  /** Replay time (device time, epoch ms) at wall time `wallNow`; null when no replay runs. */
  now(wallNow: number): number | null {
    const c = this.last;
    if (!c) return null;
    const run = c.paused ? 0 : Math.max(0, wallNow - this.receivedAt) * c.speed;
    return Math.min(c.to, Math.max(c.from, c.at + run));
  }
}
