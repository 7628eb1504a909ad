import type { DeviceReading } from '@tianyan/contracts';

const INCIDENT = 'incident:';

/**
 * One client's view of the live stream: which rooms it watches and how often it wants updates.
 * Between two ticks only the newest reading per device and stream is kept (latest wins), so a slow
 * or throttled client gets fresh values, not a backlog. Late (store-and-forward) readings are kept
 * apart so they never overwrite, or pass for, the current value.
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

  get roomList(): string[] {
    return [...this.rooms];
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
    const key = `${reading.deviceId}|${reading.stream}|${reading.late ? 'late' : 'now'}`;
    const held = this.pending.get(key);
    // Status changes are rare and each one matters; for readings the newest device time wins.
    if (held && reading.channel !== 'status' && held.time > reading.time) return;
    if (held && reading.channel === 'status') this.pending.set(`${key}|${reading.seq}`, reading);
    else this.pending.set(key, reading);
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
