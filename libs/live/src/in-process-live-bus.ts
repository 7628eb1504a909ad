import { Logger } from '@nestjs/common';
import type { DeviceReading } from '@tianyan/contracts';
import { LiveBus, type ReadingsListener } from './live-bus';

export class InProcessLiveBus extends LiveBus {
  private readonly logger = new Logger(InProcessLiveBus.name);
  private readonly received = new Set<ReadingsListener>();
  private readonly committed = new Set<ReadingsListener>();

  override publishReceived(readings: DeviceReading[]): void {
    this.deliver(this.received, readings);
  }

  override onReceived(listener: ReadingsListener): () => void {
    this.received.add(listener);
    return () => this.received.delete(listener);
  }

  override publishReadings(readings: DeviceReading[]): void {
    this.deliver(this.committed, readings);
  }

  override onReadings(listener: ReadingsListener): () => void {
    this.committed.add(listener);
    return () => this.committed.delete(listener);
  }

  override async close(): Promise<void> {
    this.received.clear();
    this.committed.clear();
  }

  private deliver(listeners: ReadonlySet<ReadingsListener>, readings: DeviceReading[]): void {
    if (readings.length === 0) return;
    for (const listener of listeners) {
      // A failing listener must not stop delivery to the others, nor reach the ingest path.
      try {
        listener(readings);
      } catch (err) {
        this.logger.error(`live listener failed: ${(err as Error).message}`, (err as Error).stack);
      }
    }
  }
}
