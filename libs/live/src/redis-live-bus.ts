import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import type { DeviceReading } from '@tianyan/contracts';
import { LiveBus, type ReadingsListener } from './live-bus';

const RECEIVED = 'tianyan:live:received';
const COMMITTED = 'tianyan:live:readings';

/** Live bus across processes: one Redis pub/sub message per received group and per committed batch. */
export class RedisLiveBus extends LiveBus {
  private readonly logger = new Logger(RedisLiveBus.name);
  private readonly listeners = new Map<string, Set<ReadingsListener>>([
    [RECEIVED, new Set()],
    [COMMITTED, new Set()],
  ]);
  private subscriber?: Redis;

  constructor(private readonly publisher: Redis, private readonly url: string) {
    super();
  }

  static async connect(url: string): Promise<RedisLiveBus> {
    const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null });
    await publisher.connect();
    return new RedisLiveBus(publisher, url);
  }

  override publishReceived(readings: DeviceReading[]): void {
    this.publish(RECEIVED, readings);
  }

  override onReceived(listener: ReadingsListener): () => void {
    return this.listen(RECEIVED, listener);
  }

  override publishReadings(readings: DeviceReading[]): void {
    this.publish(COMMITTED, readings);
  }

  override onReadings(listener: ReadingsListener): () => void {
    return this.listen(COMMITTED, listener);
  }

  private publish(channel: string, readings: DeviceReading[]): void {
    if (readings.length === 0) return;
    this.publisher.publish(channel, JSON.stringify(readings)).catch((err: Error) => {
      // Nothing is lost: the readings are (or will be) stored; a screen refills from the REST series API.
      this.logger.warn(`publish to Redis ${channel} failed: ${err.message}`);
    });
  }

  private listen(channel: string, listener: ReadingsListener): () => void {
    const set = this.listeners.get(channel)!;
    set.add(listener);
    this.ensureSubscribed();
    return () => set.delete(listener);
  }

  private ensureSubscribed(): void {
    if (this.subscriber) return;
    const subscriber = new Redis(this.url, { maxRetriesPerRequest: null });
    this.subscriber = subscriber;
    subscriber.subscribe(RECEIVED, COMMITTED).catch((err: Error) => this.logger.error(`subscribe failed: ${err.message}`));
    subscriber.on('message', (channel: string, message: string) => {
      const listeners = this.listeners.get(channel);
      if (!listeners || listeners.size === 0) return;
      let readings: DeviceReading[];
      try {
        readings = JSON.parse(message) as DeviceReading[];
      } catch (err) {
        this.logger.warn(`malformed live message on ${channel}: ${(err as Error).message}`);
        return;
      }
      for (const listener of listeners) {
        try {
          listener(readings);
        } catch (err) {
          this.logger.error(`live listener failed: ${(err as Error).message}`);
        }
      }
    });
  }

  override async close(): Promise<void> {
    for (const set of this.listeners.values()) set.clear();
    await Promise.all([this.publisher.quit(), this.subscriber?.quit()]);
  }
}
