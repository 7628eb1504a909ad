import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { IngestModule } from '@tianyan/ingest';
import { HealthController } from './health.controller';
import { MqttHealthIndicator } from './mqtt.health';

@Module({})
export class HealthModule {
  /** With ingest in this process, /health also reports the MQTT connection. */
  static register({ withIngest }: { withIngest: boolean }): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule, ...(withIngest ? [IngestModule] : [])],
      controllers: [HealthController],
      providers: [MqttHealthIndicator],
    };
  }
}
