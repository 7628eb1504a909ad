import { Module } from '@nestjs/common';
import { IngestStats } from './ingest-stats';
import { IngestStore } from './ingest-store';
import { MqttIngestService } from './mqtt-ingest.service';
import { StorageIngestStore } from './storage-ingest-store';

/** MQTT → validate → batch → database → live bus. Needs StorageModule, LiveModule and ConfigModule. */
@Module({
  providers: [IngestStats, MqttIngestService, { provide: IngestStore, useClass: StorageIngestStore }],
  exports: [IngestStats, MqttIngestService],
})
export class IngestModule {}
