export * from './incident-import-cleanup.repository';
