import type { DeviceReading, ReplayAlertEvent, ReplayClock, ReplaySpeed, SituationSnapshot } from '@tianyan/contracts';
import type { ReplayCursor } from '@tianyan/storage';
import type { ReplaySink, ReplaySource, ReplayTimer } from './replay-session-ports';

export const REPLAY_TICK_MS = 50;
const CLOCK_EVERY_MS = 1_000;
/** Fetch what the next few wall seconds need, not more: the buffer follows the clock. */
const LOOKAHEAD_WALL_MS = 3_000;
/** Readings held in memory before fetching pauses (a slow client or a very dense stretch). */
const MAX_BUFFERED = 4_000;
/** Readings sent per tick: a client that lagged catches up in bounded batches. */
const MAX_PER_TICK = 1_000;
const RETRY_AFTER_MS = 1_000;

/** What the clock releases besides readings: alert steps and situation snapshots, at their device time. */
type TimedEvent = { kind: 'alert'; at: number; alert: ReplayAlertEvent } | { kind: 'situation'; at: number; snapshot: SituationSnapshot };

export interface ReplayRange {
  /** Epoch ms: the incident's start (readings at it are included). */
  from: number;
  /** Epoch ms: the incident's end, or when an open one was started. */
  to: number;
}

/**
 * One client's replay clock: replay time runs at `speed` × wall time from where it was started or
 * sought, readings, alert events and situation snapshots are sent in device-time order, batched per tick, as the clock
 * passes them, and `end` once it passes the range's end. Fetches run one at a time; a seek starts a
 * new generation so a fetch already under way is thrown away.
 */
export class ReplaySession {
  private speed: ReplaySpeed;
  private paused = false;
  private anchorAt: number;
  private anchorWall: number;
  private buffer: DeviceReading[] = [];
  private head = 0;
  private eventQueue: TimedEvent[] = [];
  private cursor: ReplayCursor | null = null;
  /** Everything with device time ≤ this is fetched. */
  private fetchedUntil = 0;
  /** Timed events up to this are queued: fetched at the start of a run, before its readings go out. */
  private eventsUntil = 0;
  /** The `until` of a run of pages under way. */
  private pageUntil: number | null = null;
  private generation = 0;
  private fetching = false;
  private retryAt = 0;
  private lastClockWall = 0;
  private ended = false;
  private stopTicker: (() => void) | null = null;

  constructor(
    readonly id: string,
    private readonly range: ReplayRange,
    private readonly source: ReplaySource,
    private readonly sink: ReplaySink,
    private readonly timer: ReplayTimer,
    { at, speed }: { at: number; speed: ReplaySpeed },
  ) {
    this.speed = speed;
    this.anchorAt = this.clamp(at);
    this.anchorWall = timer.now();
  }

  start(): void {
    this.restartFrom(this.anchorAt);
  }

  /** Replay time now, epoch ms. */
  at(): number {
    if (this.paused) return this.anchorAt;
    return Math.min(this.range.to, this.anchorAt + (this.timer.now() - this.anchorWall) * this.speed);
  }

  pause(): void {
    this.reanchor();
    this.paused = true;
    this.sendClock();
  }

  resume(): void {
    this.reanchor();
    this.paused = false;
    this.sendClock();
  }

  setSpeed(speed: ReplaySpeed): void {
    this.reanchor();
    this.speed = speed;
    this.sendClock();
  }

  /** Continues from T: what was buffered is dropped (the client fetches the state at T itself). */
  seek(at: number): void {
    this.restartFrom(this.clamp(at));
  }

  stop(): void {
    this.generation++;
    this.ended = true;
    this.stopTicker?.();
    this.stopTicker = null;
    this.buffer = [];
    this.eventQueue = [];
  }

  clock(): ReplayClock {
    return { replayId: this.id, at: this.at(), speed: this.speed, paused: this.paused, from: this.range.from, to: this.range.to };
  }

  /** Readings fetched and not yet sent (for tests and metrics). */
  get buffered(): number {
    return this.buffer.length - this.head;
  }

  private restartFrom(at: number): void {
    this.generation++;
    this.fetching = false;
    this.retryAt = 0;
    this.buffer = [];
    this.head = 0;
    this.eventQueue = [];
    // Readings at T itself belong to the state at T, except at the very start of the range.
    this.cursor = at <= this.range.from ? null : { time: at };
    this.fetchedUntil = at <= this.range.from ? at - 1 : at;
    this.eventsUntil = this.fetchedUntil;
    this.pageUntil = null;
    this.anchorAt = at;
    this.anchorWall = this.timer.now();
    this.ended = false;
    this.stopTicker ??= this.timer.every(REPLAY_TICK_MS, () => this.tick());
    this.sendClock();
    this.fill();
  }

  private tick(): void {
    if (this.ended) return;
    const now = this.at();
    if (!this.sink.congested()) this.sendDue(now);
    this.fill();
    if (now >= this.range.to && this.fetchedUntil >= this.range.to && this.buffered === 0 && this.eventQueue.length === 0) {
      this.ended = true;
      this.stopTicker?.();
      this.stopTicker = null;
      this.sink.end(this.clock());
      return;
    }
    if (this.timer.now() - this.lastClockWall >= CLOCK_EVERY_MS) this.sendClock();
  }

  private sendDue(now: number): void {
    let end = this.head;
    const max = Math.min(this.buffer.length, this.head + MAX_PER_TICK);
    while (end < max && this.buffer[end]!.time <= now) end++;
    // Events never run ahead of readings held back by the per-tick cap.
    const capped = end === this.head + MAX_PER_TICK && end < this.buffer.length && this.buffer[end]!.time <= now;
    let eventLimit = capped ? this.buffer[end - 1]!.time : now;
    // Nor ahead of readings of their time still being fetched (a run of pages in progress).
    if (this.fetchedUntil < eventLimit) {
      const last = this.buffer.length > 0 ? this.buffer[this.buffer.length - 1]!.time - 1 : -Infinity;
      eventLimit = Math.min(eventLimit, Math.max(this.fetchedUntil, last));
    }
    let due = 0;
    while (due < this.eventQueue.length && this.eventQueue[due]!.at <= eventLimit) due++;
    // Interleaved: the readings up to each event's time go out before it, the rest after it.
    let from = this.head;
    for (const group of groupByTimeAndKind(this.eventQueue.splice(0, due))) {
      let upTo = from;
      while (upTo < end && this.buffer[upTo]!.time <= group[0]!.at) upTo++;
      if (upTo > from) this.sink.readings(this.buffer.slice(from, upTo));
      this.emit(group);
      from = upTo;
    }
    if (end > from) this.sink.readings(this.buffer.slice(from, end));
    this.head = end;
    if (this.head > 4 * MAX_PER_TICK) {
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    }
  }

  private fill(): void {
    if (this.fetching || this.ended || this.sink.congested() || this.buffered >= MAX_BUFFERED || this.timer.now() < this.retryAt) return;
    const target = Math.min(this.range.to, this.at() + LOOKAHEAD_WALL_MS * this.speed);
    if (this.pageUntil === null && this.fetchedUntil >= target) return;
    const until = (this.pageUntil ??= target);
    const generation = this.generation;
    this.fetching = true;
    this.fetchPage(generation, until).then(
      () => {
        if (generation === this.generation) this.fetching = false;
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.fetching = false;
        this.retryAt = this.timer.now() + RETRY_AFTER_MS;
        this.sink.failed(error);
      },
    );
  }

  private async fetchPage(generation: number, until: number): Promise<void> {
    // A run's timed events first: its readings may go out page by page, and events sit among them.
    if (this.eventsUntil < until) {
      const alerts = await this.source.alerts(this.eventsUntil, until);
      const snapshots = await this.source.situation(this.eventsUntil, until);
      if (generation !== this.generation) return;
      const events: TimedEvent[] = [
        ...alerts.map((alert) => ({ kind: 'alert' as const, at: alert.at, alert })),
        ...snapshots.map((snapshot) => ({ kind: 'situation' as const, at: snapshot.at, snapshot })),
      ];
      // Stable: alert events keep their step order; at equal times alerts go before the picture.
      this.eventQueue.push(...events.sort((a, b) => a.at - b.at));
      this.eventsUntil = until;
    }
    const page = await this.source.page(this.cursor, until);
    if (generation !== this.generation) return;
    this.buffer.push(...page.readings);
    if (page.next) {
      this.cursor = page.next;
      return;
    }
    this.cursor = { time: until };
    this.fetchedUntil = until;
    this.pageUntil = null;
  }

  private emit(group: TimedEvent[]): void {
    const first = group[0]!;
    if (first.kind === 'alert') this.sink.alerts(group.map((e) => (e as Extract<TimedEvent, { kind: 'alert' }>).alert));
    else this.sink.situation(group.map((e) => (e as Extract<TimedEvent, { kind: 'situation' }>).snapshot));
  }

  private reanchor(): void {
    this.anchorAt = this.at();
    this.anchorWall = this.timer.now();
  }

  private clamp(at: number): number {
    return Math.min(Math.max(at, this.range.from), this.range.to);
  }

  private sendClock(): void {
    this.lastClockWall = this.timer.now();
    this.sink.clock(this.clock());
  }
}

/** Consecutive events of one time and kind together: one `replay:alerts` / `replay:situation` message each. */
function groupByTimeAndKind(events: TimedEvent[]): TimedEvent[][] {
  const groups: TimedEvent[][] = [];
  for (const e of events) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.at === e.at && last[0]!.kind === e.kind) last.push(e);
    else groups.push([e]);
  }
  return groups;
}
