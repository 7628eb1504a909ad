export * from './ingest.module';
export * from './ingest-stats';
export * from './ingest-report';
export * from './ingest-store';
export * from './mqtt-ingest.service';
export * from './puback-gate';
export * from './storage-ingest-store';
