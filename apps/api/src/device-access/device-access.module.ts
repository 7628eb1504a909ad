import { Module, type DynamicModule } from '@nestjs/common';
import type { BrokerAccess } from '@tianyan/embedded';
import { IngestModule } from '@tianyan/ingest';
import { BROKER_ACCESS } from './broker-access.token';
import { DeviceAccessController } from './device-access.controller';
import { DeviceAccessService } from './device-access.service';
import { DeviceBrokerGatekeeper } from './device-broker-gatekeeper';

@Module({})
export class DeviceAccessModule {
  /** `brokerAccess`: the embedded broker's, to bind device authentication to; null with an external broker. */
  static register({ withIngest, brokerAccess }: { withIngest: boolean; brokerAccess: BrokerAccess | null }): DynamicModule {
    return {
      module: DeviceAccessModule,
      imports: withIngest ? [IngestModule] : [],
      controllers: [DeviceAccessController],
      providers: [{ provide: BROKER_ACCESS, useValue: brokerAccess }, DeviceBrokerGatekeeper, DeviceAccessService],
      exports: [DeviceAccessService],
    };
  }
}
