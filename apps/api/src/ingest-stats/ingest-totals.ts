import { Inject, Injectable, Logger, ServiceUnavailableException, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import type { IngestTotals } from '@tianyan/contracts';
import { combineIngestReports, INGEST_REPORT_PREFIX, INGEST_REPORT_REDIS_OPTIONS, IngestStats, MqttIngestService, type IngestReport } from '@tianyan/ingest';

/** Where `GET /api/ingest/stats` reads: the ingest in this process, or the separate workers' reports. */
export abstract class IngestTotalsSource {
  abstract read(): Promise<IngestTotals>;
}

/** Ingest runs in this process (`npm start`, INGEST_ENABLED=true): its counters, as they are now. */
@Injectable()
export class LocalIngestTotals extends IngestTotalsSource {
  constructor(
    @Inject(TIANYAN_CONFIG) private readonly config: TianyanConfig,
    private readonly stats: IngestStats,
    private readonly ingest: MqttIngestService,
  ) {
    super();
  }

  override read(): Promise<IngestTotals> {
    return Promise.resolve(combineIngestReports([{ worker: this.config.mqtt.clientId, at: Date.now(), connected: this.ingest.connected, stats: this.stats.snapshot() }]));
  }
}

/** Ingest runs in workers of its own (docker-compose): the reports they leave in Redis (apps/ingest IngestReporter). */
@Injectable()
export class RedisIngestTotals extends IngestTotalsSource implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisIngestTotals.name);
  private readonly redis: Redis;

  constructor(@Inject(TIANYAN_CONFIG) config: TianyanConfig) {
    super();
    this.redis = new Redis(config.redis.url!, INGEST_REPORT_REDIS_OPTIONS);
    // Connection errors reach the reads that fail (a 503 with the reason), not ioredis's unhandled-error log.
    this.redis.on('error', () => undefined);
  }

  override async read(): Promise<IngestTotals> {
    const keys: string[] = [];
    let values: (string | null)[];
    try {
      for await (const batch of this.redis.scanStream({ match: `${INGEST_REPORT_PREFIX}*`, count: 100 }) as AsyncIterable<string[]>) keys.push(...batch);
      values = keys.length > 0 ? await this.redis.mget(...keys) : [];
    } catch (err) {
      throw new ServiceUnavailableException(`the ingest workers' counters are in Redis, which does not answer: ${(err as Error).message}`);
    }
    const reports: IngestReport[] = [];
    values.forEach((value, i) => {
      if (value === null) return; // expired between SCAN and MGET
      try {
        reports.push(JSON.parse(value) as IngestReport);
      } catch {
        this.logger.warn(`${keys[i]} holds no ingest report: skipped`);
      }
    });
    return combineIngestReports(reports);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
