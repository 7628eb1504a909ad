import type { DeviceReading } from '@tianyan/contracts';
import { streamKey } from './live-subscriber';

/**
 * What a view sent while some of its clients were too congested to receive it: the newest reading
 * per device and stream (late ones apart), each stamped with the number of the batch that carried
 * it. A client that drains gets what changed since the first batch it missed — fresh values, never a
 * backlog — so memory is bounded by devices × streams, however long a client stays behind. Status
 * changes collapse to the last one here: the catch-up shows the state now.
 */
export class MissedReadings {
  private readonly latest = new Map<string, { reading: DeviceReading; batch: number }>();

  get size(): number {
    return this.latest.size;
  }

  record(readings: readonly DeviceReading[], batch: number): void {
    for (const reading of readings) {
      const key = streamKey(reading);
      const held = this.latest.get(key)?.reading;
      // Batches are in arrival order: a later status is the newer state; a reading must be newer in device time.
      if (held && reading.channel !== 'status' && held.time > reading.time) continue;
      this.latest.set(key, { reading, batch });
    }
  }

  /** The newest reading of every device and stream carried by batch `first` or later. */
  since(first: number): DeviceReading[] {
    const readings: DeviceReading[] = [];
    for (const { reading, batch } of this.latest.values()) if (batch >= first) readings.push(reading);
    return readings;
  }

  clear(): void {
    this.latest.clear();
  }
}
