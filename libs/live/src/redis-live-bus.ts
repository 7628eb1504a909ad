import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import type { DeviceReading } from '@tianyan/contracts';
import { LiveBus, type ReadingsListener } from './live-bus';

const CHANNEL = 'tianyan:live:readings';

/** Live bus across processes: one Redis pub/sub message per committed batch. */
export class RedisLiveBus extends LiveBus {
  private readonly logger = new Logger(RedisLiveBus.name);
  private readonly listeners = new Set<ReadingsListener>();
  private subscriber?: Redis;

  constructor(private readonly publisher: Redis, private readonly url: string) {
    super();
  }

  static async connect(url: string): Promise<RedisLiveBus> {
    const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null });
    await publisher.connect();
    return new RedisLiveBus(publisher, url);
  }

  override publishReadings(readings: DeviceReading[]): void {
    if (readings.length === 0) return;
    this.publisher.publish(CHANNEL, JSON.stringify(readings)).catch((err: Error) => {
      // Readings are already stored; a live screen missing them refills from the REST series API.
      this.logger.warn(`publish to Redis failed: ${err.message}`);
    });
  }

  override onReadings(listener: ReadingsListener): () => void {
    this.listeners.add(listener);
    this.ensureSubscribed();
    return () => this.listeners.delete(listener);
  }

  private ensureSubscribed(): void {
    if (this.subscriber) return;
    const subscriber = new Redis(this.url, { maxRetriesPerRequest: null });
    this.subscriber = subscriber;
    subscriber.subscribe(CHANNEL).catch((err: Error) => this.logger.error(`subscribe failed: ${err.message}`));
    subscriber.on('message', (_channel: string, message: string) => {
      let readings: DeviceReading[];
      try {
        readings = JSON.parse(message) as DeviceReading[];
      } catch (err) {
        this.logger.warn(`malformed live message on ${CHANNEL}: ${(err as Error).message}`);
        return;
      }
      for (const listener of this.listeners) {
        try {
          listener(readings);
        } catch (err) {
          this.logger.error(`live listener failed: ${(err as Error).message}`);
        }
      }
    });
  }

  override async close(): Promise<void> {
    this.listeners.clear();
    await Promise.all([this.publisher.quit(), this.subscriber?.quit()]);
  }
}
