import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { storageDataSourceOptions } from './storage-data-source';
import { StorageFeatures } from './storage-features';
import { ReadingStore } from './reading-store.service';
import { DeviceRepository } from './device.repository';
import { ReadingQueryRepository } from './reading-query.repository';
import { QuarantineRepository } from './quarantine.repository';
import { TimescaleJobRunner } from './timescale-job-runner.service';
import { UserRepository } from './user.repository';
import { DeviceCredentialRepository } from './device-credential.repository';
import { AuditLogRepository } from './audit-log.repository';
import { FleetHealthRepository } from './fleet-health.repository';
import { WebhookDeliveryRepository } from './notifications/webhook-delivery.repository';
import { WebhookEndpointRepository } from './notifications/webhook-endpoint.repository';
import { AlertAttachmentRepository, AlertHistoryRepository, AlertRepository, AlertRuleRepository, ResponsibleUnitRepository } from './alerts';
import { ReplayReadingRepository, ReplayScopeRepository } from './replay';
import { DeploymentRepository, IncidentRepository, IncidentStateRepository } from './incidents';
import { IncidentImportCleanupRepository } from './incident-archive';
import { IncidentWindRepository, ReceptorRepository, SituationScopeRepository, SituationSnapshotRepository } from './situation';

const SERVICES = [
  ReadingStore, DeviceRepository, ReadingQueryRepository, QuarantineRepository, TimescaleJobRunner, FleetHealthRepository,
  UserRepository, DeviceCredentialRepository, AuditLogRepository,
  WebhookEndpointRepository, WebhookDeliveryRepository,
  AlertRuleRepository, AlertRepository, AlertHistoryRepository, AlertAttachmentRepository, ResponsibleUnitRepository,
  ReplayReadingRepository, ReplayScopeRepository,
  IncidentRepository, DeploymentRepository, IncidentStateRepository,
  IncidentImportCleanupRepository,
  ReceptorRepository, SituationSnapshotRepository, SituationScopeRepository, IncidentWindRepository,
];

/**
 * Database access for every feature. Import once, in the root module, after ConfigModule: it is
 * global. Connecting runs pending migrations (`migrationsRun`), then detects TimescaleDB.
 */
@Global()
@Module({})
export class StorageModule {
  static forRoot(): DynamicModule {
    return {
      module: StorageModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [TIANYAN_CONFIG],
          useFactory: (config: TianyanConfig) => ({ ...storageDataSourceOptions(config), retryAttempts: 3, retryDelay: 2000 }),
        }),
      ],
      providers: [{ provide: StorageFeatures, inject: [DataSource], useFactory: (ds: DataSource) => StorageFeatures.detect(ds) }, ...SERVICES],
      exports: [StorageFeatures, ...SERVICES],
    };
  }
}
