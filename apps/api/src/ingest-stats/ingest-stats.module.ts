import { Module } from '@nestjs/common';
import { IngestModule } from '@tianyan/ingest';
import { IngestStatsController } from './ingest-stats.controller';

/** Present only when ingest runs in this process. */
@Module({ imports: [IngestModule], controllers: [IngestStatsController] })
export class IngestStatsModule {}
