import type { DeviceReading } from '@tianyan/contracts';

const INCIDENT = 'incident:';
/**
 * A view sends at most this often, whatever its rate: a stream idle for its interval waits at most
 * this long (plus the gateway's 25 ms tick, so a reading can reach the screen within 100 ms), while
 * a busy fleet still leaves in few, large events (one `readings` event per beat: each costs every
 * client a frame).
 */
export const MAX_BEAT_MS = 50;

/** A beat's readings as sent: status changes first (a device's state before its values), the rest in arrival order. */
export function statusFirst(readings: DeviceReading[]): DeviceReading[] {
  const statuses = readings.filter((r) => r.channel === 'status');
  if (statuses.length === 0 || statuses.length === readings.length) return readings;
  return [...statuses, ...readings.filter((r) => r.channel !== 'status')];
}

/** Devices whose keys are kept; past it the cache starts over (ids of devices long gone go with it). */
const KEYED_DEVICES_MAX = 100_000;
/** Per device, per stream: its two keys, built once. */
const keysByDevice = new Map<string, Map<string, readonly [now: string, late: string]>>();

/**
 * Readings of one device and stream; late (store-and-forward) ones apart from current ones. The key
 * is found, not built: a new string per reading cost its concatenation, flattening and hashing in
 * the view's map, half of what a reading costs a view (docs/performance.md, session 14).
 */
export function streamKey(reading: DeviceReading): string {
  let keys = keysByDevice.get(reading.deviceId);
  if (keys === undefined) {
    if (keysByDevice.size >= KEYED_DEVICES_MAX) keysByDevice.clear();
    keysByDevice.set(reading.deviceId, (keys = new Map()));
  }
  let pair = keys.get(reading.stream);
  if (pair === undefined) {
    const prefix = `${reading.deviceId}|${reading.stream}|`;
    keys.set(reading.stream, (pair = [`${prefix}now`, `${prefix}late`]));
  }
  return reading.late ? pair[1] : pair[0];
}

/**
 * One view of the live stream (shared by every client with the same rooms and rate, see
 * LiveViewRegistry): which rooms it watches and how often it may send each device's stream. The rate
 * limits each device and stream; the view sends on beats every min(interval, MAX_BEAT_MS): a stream
 * not sent within its interval goes on the next beat (a 1 Hz device on a 2 Hz view is not held half a
 * second), one sent recently waits until its interval has passed, and meanwhile only its newest
 * reading is kept (latest wins), so a throttled client gets fresh values, not a backlog. Late
 * (store-and-forward) readings are kept apart so they never overwrite, or pass for, the current value.
 */
export class LiveSubscriber {
  private pending = new Map<string, DeviceReading>();
  /** When each key was last sent; only keys sent within the last interval are kept. */
  private readonly sentAt = new Map<string, number>();
  private readonly beatMs: number;
  private nextBeatAt = 0;
  private incidents: string[] = [];

  /** `deployedNow`: the devices deployed to an incident now, for rooms `incident:<id>`. */
  constructor(
    private rooms: ReadonlySet<string>,
    readonly intervalMs: number,
    private readonly deployedNow: (incidentId: string) => ReadonlySet<string> = () => new Set(),
  ) {
    this.beatMs = Math.min(intervalMs, MAX_BEAT_MS);
    this.watch(rooms);
  }

  watch(rooms: ReadonlySet<string>): void {
    this.rooms = rooms;
    this.incidents = [...rooms].filter((r) => r.startsWith(INCIDENT)).map((r) => r.slice(INCIDENT.length));
  }

  matches(reading: DeviceReading): boolean {
    return (
      this.rooms.has('all') ||
      this.rooms.has(`kind:${reading.kind}`) ||
      this.rooms.has(`device:${reading.deviceId}`) ||
      this.incidents.some((id) => this.deployedNow(id).has(reading.deviceId))
    );
  }

  offer(reading: DeviceReading): void {
    if (!this.matches(reading)) return;
    const key = streamKey(reading);
    const held = this.pending.get(key);
    // Status changes are rare and each one matters; for readings the newest device time wins.
    if (held && reading.channel !== 'status' && held.time > reading.time) return;
    if (held && reading.channel === 'status') this.pending.set(`${key}|${reading.seq}`, reading);
    else this.pending.set(key, reading);
  }

  /** On a beat, the readings whose stream was not sent within the interval; null between beats or when none. */
  takeDue(now: number): DeviceReading[] | null {
    if (now < this.nextBeatAt || this.pending.size === 0) return null;
    for (const [key, at] of this.sentAt) if (now - at >= this.intervalMs) this.sentAt.delete(key);
    let due: DeviceReading[] | null = null;
    for (const [key, reading] of this.pending) {
      if (this.sentAt.has(key)) continue;
      (due ??= []).push(reading);
      this.pending.delete(key);
      this.sentAt.set(key, now);
    }
    // The next beat counts from a send: a stream held for its interval leaves on the first tick after it.
    if (due) this.nextBeatAt = now + this.beatMs;
    return due;
  }
}
