import { Module, type DynamicModule } from '@nestjs/common';
import { IngestModule } from '@tianyan/ingest';
import { IngestStatsController } from './ingest-stats.controller';
import { IngestTotalsSource, LocalIngestTotals, RedisIngestTotals } from './ingest-totals';

/** `GET /api/ingest/stats`: from the ingest in this process, or else from the workers' reports in Redis. */
@Module({})
export class IngestStatsModule {
  static forRoot({ ingestInProcess }: { ingestInProcess: boolean }): DynamicModule {
    return {
      module: IngestStatsModule,
      imports: ingestInProcess ? [IngestModule] : [],
      controllers: [IngestStatsController],
      providers: [{ provide: IngestTotalsSource, useClass: ingestInProcess ? LocalIngestTotals : RedisIngestTotals }],
    };
  }
}
