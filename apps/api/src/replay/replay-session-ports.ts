import type { DeviceReading, ReplayAlertEvent, ReplayClock, SituationSnapshot } from '@tianyan/contracts';
import type { ReplayCursor } from '@tianyan/storage';

/** Where a session reads from: one incident's windows, already bound. */
export interface ReplaySource {
  /** Readings with device time in (after, until] in replay order; `after` null = from the windows' start. */
  page(after: ReplayCursor | null, until: number): Promise<{ readings: DeviceReading[]; next: ReplayCursor | null }>;
  /** Alert events with `at` in (fromMs, toMs], in order. */
  alerts(fromMs: number, toMs: number): Promise<ReplayAlertEvent[]>;
  /** Stored situation snapshots with `at` in (fromMs, toMs], in order. */
  situation(fromMs: number, toMs: number): Promise<SituationSnapshot[]>;
}

/** Where a session sends to: one socket. */
export interface ReplaySink {
  readings(batch: DeviceReading[]): void;
  alerts(events: ReplayAlertEvent[]): void;
  situation(snapshots: SituationSnapshot[]): void;
  clock(clock: ReplayClock): void;
  end(clock: ReplayClock): void;
  /** True while the client has a backlog: nothing more is sent or fetched until it drains. */
  congested(): boolean;
  /** A fetch failed; the session retries. */
  failed(error: unknown): void;
}

/** Wall time and a repeating timer, injected so the clock logic is tested without waiting. */
export interface ReplayTimer {
  now(): number;
  /** Calls `tick` every `ms`; returns how to stop it. */
  every(ms: number, tick: () => void): () => void;
}

export const SYSTEM_REPLAY_TIMER: ReplayTimer = {
  now: () => Date.now(),
  every: (ms, tick) => {
    const handle = setInterval(tick, ms);
    return () => clearInterval(handle);
  },
};
