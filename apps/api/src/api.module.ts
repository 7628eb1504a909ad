import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ServeStaticModule } from '@nestjs/serve-static';
import { resolve } from 'node:path';
import { ConfigModule, type TianyanConfig } from '@tianyan/config';
import type { BrokerAccess } from '@tianyan/embedded';
import { IngestModule } from '@tianyan/ingest';
import { LiveModule } from '@tianyan/live';
import { StorageModule } from '@tianyan/storage';
import { AlertsModule } from './alerts/alerts.module';
import { AuthModule } from './auth/auth.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { DeviceAccessModule } from './device-access/device-access.module';
import { DevicesModule } from './devices/devices.module';
import { EnforcementModule } from './enforcement/enforcement.module';
import { FleetModule } from './fleet/fleet.module';
import { HealthModule } from './health/health.module';
import { IncidentArchiveModule } from './incident-archive/incident-archive.module';
import { IncidentsModule } from './incidents/incidents.module';
import { IngestStatsModule } from './ingest-stats/ingest-stats.module';
import { LiveGatewayModule } from './live/live-gateway.module';
import { QuarantineModule } from './quarantine/quarantine.module';
import { ReplayModule } from './replay/replay.module';
import { SituationModule } from './situation/situation.module';

@Module({})
export class ApiModule {
  /**
   * REST + Socket.IO + the built web screen; with ingest in-process when the config says so.
   * `brokerAccess`: the embedded broker's access control, which device authentication binds to.
   */
  static forRoot(config: TianyanConfig, { brokerAccess }: { brokerAccess?: BrokerAccess } = {}): DynamicModule {
    const withIngest = config.ingest.enabled;
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        StorageModule.forRoot(),
        LiveModule,
        AuthModule,
        DeviceAccessModule.register({ withIngest, brokerAccess: brokerAccess ?? null }),
        ...(withIngest ? [IngestModule] : []),
        // Without ingest here, the counters come from the workers' reports in Redis (none without Redis).
        ...(withIngest || config.redis.url ? [IngestStatsModule.forRoot({ ingestInProcess: withIngest })] : []),
        DevicesModule,
        QuarantineModule,
        FleetModule,
        AlertsModule,
        IncidentsModule,
        IncidentArchiveModule,
        LiveGatewayModule,
        ReplayModule,
        SituationModule,
        EnforcementModule,
        HealthModule.register({ withIngest }),
        ServeStaticModule.forRoot({
          rootPath: resolve(config.http.webDistDir),
          exclude: ['/api/{*path}', '/health', '/socket.io/{*path}'],
        }),
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    };
  }
}
