import { Logger } from '@nestjs/common';
import type { DeviceReading } from '@tianyan/contracts';
import { LiveBus, type ReadingsListener } from './live-bus';

export class InProcessLiveBus extends LiveBus {
  private readonly logger = new Logger(InProcessLiveBus.name);
  private readonly listeners = new Set<ReadingsListener>();

  override publishReadings(readings: DeviceReading[]): void {
    if (readings.length === 0) return;
    for (const listener of this.listeners) {
      // A failing listener must not stop delivery to the others, nor reach the ingest path.
      try {
        listener(readings);
      } catch (err) {
        this.logger.error(`live listener failed: ${(err as Error).message}`, (err as Error).stack);
      }
    }
  }

  override onReadings(listener: ReadingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  override async close(): Promise<void> {
    this.listeners.clear();
  }
}
