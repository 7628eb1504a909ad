import type { DataSource } from 'typeorm';

/** What the connected database can do, detected once at startup after migrations ran. */
export class StorageFeatures {
  constructor(
    readonly hasTimescale: boolean,
    readonly timescaleVersion: string | null,
  ) {}

  /** Both take (width, time, origin) and return the bucket start; date_bin is PostgreSQL ≥ 14. */
  get bucketFunction(): 'time_bucket' | 'date_bin' {
    return this.hasTimescale ? 'time_bucket' : 'date_bin';
  }

  static async detect(dataSource: DataSource): Promise<StorageFeatures> {
    const rows = (await dataSource.query(`SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'`)) as { extversion: string }[];
    const version = rows[0]?.extversion ?? null;
    return new StorageFeatures(version !== null, version);
  }
}
