import { DataSource, type DataSourceOptions } from 'typeorm';
import type { TianyanConfig } from '@tianyan/config';
import { STORAGE_MIGRATIONS } from './migrations/storage-migrations';

/**
 * TypeORM as a connection pool and migration runner only: every table is written and read with
 * reviewed raw SQL (hypertables, unnest batches), so there are no entities and no synchronize.
 */
export function storageDataSourceOptions(config: TianyanConfig): DataSourceOptions {
  const { url, poolSize } = config.database;
  if (!url) throw new Error('database.url is not set: the launcher must start the embedded database before StorageModule');
  return {
    type: 'postgres',
    url,
    applicationName: 'tianyan',
    // Embedded mode: pglite-socket serves one connection at a time, so the launcher passes a pool of one.
    extra: { max: poolSize },
    entities: [],
    synchronize: false,
    migrations: STORAGE_MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    logging: false,
  };
}

/** For scripts (migrate, bench) outside Nest: an initialized, migrated data source. */
export async function createStorageDataSource(config: TianyanConfig): Promise<DataSource> {
  const dataSource = new DataSource(storageDataSourceOptions(config));
  await dataSource.initialize();
  return dataSource;
}
