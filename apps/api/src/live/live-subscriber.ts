import type { DeviceReading } from '@tianyan/contracts';

const INCIDENT = 'incident:';

/** Readings of one device and stream; late (store-and-forward) ones apart from current ones. */
export function streamKey(reading: DeviceReading): string {
  return `${reading.deviceId}|${reading.stream}|${reading.late ? 'late' : 'now'}`;
}

/**
 * One view of the live stream (shared by every client with the same rooms and rate, see
 * LiveViewRegistry): which rooms it watches and how often it sends. Between two ticks only the newest
 * reading per device and stream is kept (latest wins), so a throttled client gets fresh values, not
 * a backlog. Late (store-and-forward) readings are kept apart so they never overwrite, or pass for,
 * the current value.
 */
export class LiveSubscriber {
  private pending = new Map<string, DeviceReading>();
  private nextDueAt = 0;
  private incidents: string[] = [];

  /** `deployedNow`: the devices deployed to an incident now, for rooms `incident:<id>`. */
  constructor(
    private rooms: ReadonlySet<string>,
    readonly intervalMs: number,
    private readonly deployedNow: (incidentId: string) => ReadonlySet<string> = () => new Set(),
  ) {
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

  /** True when the interval since the last batch has passed (whether or not anything is pending). */
  isDue(now: number): boolean {
    return now >= this.nextDueAt;
  }

  /** The readings to send now, or null when nothing is due. */
  takeDue(now: number): DeviceReading[] | null {
    if (this.pending.size === 0 || now < this.nextDueAt) return null;
    const due = [...this.pending.values()];
    this.pending = new Map();
    this.nextDueAt = now + this.intervalMs;
    return due;
  }
}
