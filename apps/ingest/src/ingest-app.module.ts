import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type TianyanConfig } from '@tianyan/config';
import { IngestModule } from '@tianyan/ingest';
import { LiveModule } from '@tianyan/live';
import { StorageModule } from '@tianyan/storage';
import { IngestReporter } from './ingest-reporter';

/** Ingest alone, for scaling out: MQTT (shared subscription) → database → live bus on Redis; its counters to Redis for the api. */
@Module({})
export class IngestAppModule {
  static forRoot(config: TianyanConfig): DynamicModule {
    return { module: IngestAppModule, imports: [ConfigModule.forRoot(config), StorageModule.forRoot(), LiveModule, IngestModule], providers: [IngestReporter] };
  }
}
