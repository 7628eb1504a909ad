import type { DeviceReading } from '@tianyan/contracts';
import type { LiveBus } from '@tianyan/live';

/**
 * Validated readings to the live bus's `received` stream as they arrive, before their batch is
 * stored (ADR 0007): screens see a reading within the coalescing tick instead of after the commit
 * cycle. One publish per turn of the event loop: mqtt.js hands over every message of a socket read
 * in one go, so a burst becomes one bus message (one Redis message when scaled out), not thousands.
 */
export class ReceivedFeed {
  private pending: DeviceReading[] = [];
  private scheduled = false;

  constructor(private readonly bus: LiveBus) {}

  add(readings: readonly DeviceReading[]): void {
    if (readings.length === 0) return;
    for (const r of readings) this.pending.push(r);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Publishes what waits now. */
  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const readings = this.pending;
    this.pending = [];
    this.bus.publishReceived(readings);
  }
}
