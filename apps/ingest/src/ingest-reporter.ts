import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { INGEST_REPORT_EVERY_MS, INGEST_REPORT_PREFIX, INGEST_REPORT_REDIS_OPTIONS, INGEST_REPORT_TTL_MS, IngestStats, MqttIngestService, type IngestReport } from '@tianyan/ingest';

/**
 * Leaves this worker's counters in Redis for the api's `GET /api/ingest/stats` (ingest-report.ts):
 * the api runs no ingest in production, so without this its operators would not see ingest at all.
 * Removes its report on a clean stop; a crashed worker's expires.
 */
@Injectable()
export class IngestReporter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IngestReporter.name);
  private redis?: Redis;
  private timer?: NodeJS.Timeout;
  private failing = false;
  private readonly key: string;

  constructor(
    @Inject(TIANYAN_CONFIG) private readonly config: TianyanConfig,
    private readonly stats: IngestStats,
    private readonly ingest: MqttIngestService,
  ) {
    this.key = INGEST_REPORT_PREFIX + config.mqtt.clientId;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.redis.url) return;
    this.redis = new Redis(this.config.redis.url, INGEST_REPORT_REDIS_OPTIONS);
    // Connection errors reach the reports that fail (logged once per outage), not ioredis's unhandled-error log.
    this.redis.on('error', () => undefined);
    await this.redis.connect();
    this.timer = setInterval(() => this.report(), INGEST_REPORT_EVERY_MS);
    this.report();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.redis?.del(this.key).catch(() => undefined);
    this.redis?.disconnect();
  }

  private report(): void {
    const report: IngestReport = { worker: this.config.mqtt.clientId, at: Date.now(), connected: this.ingest.connected, stats: this.stats.snapshot() };
    this.redis!.set(this.key, JSON.stringify(report), 'PX', INGEST_REPORT_TTL_MS).then(
      () => {
        if (this.failing) this.logger.log('ingest counters reach Redis again');
        this.failing = false;
      },
      (err: Error) => {
        // Once per outage: the counters are for people; ingest itself does not depend on them.
        if (!this.failing) this.logger.warn(`cannot leave the ingest counters in Redis: ${err.message}`);
        this.failing = true;
      },
    );
  }
}
