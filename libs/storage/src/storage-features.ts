import type { DataSource } from 'typeorm';

/** What the connected database can do, detected once at startup after migrations ran. */
export class StorageFeatures {
  constructor(
    readonly hasTimescale: boolean,
    readonly timescaleVersion: string | null,
    /**
     * `COPY … FROM STDIN` works: PostgreSQL proper. The embedded PGlite (built with Emscripten) traps
     * on it over pglite-socket and takes the whole database down, so it keeps the `unnest` path.
     */
    readonly copyFromStdin = true,
  ) {}

  /** Both take (width, time, origin) and return the bucket start; date_bin is PostgreSQL ≥ 14. */
  get bucketFunction(): 'time_bucket' | 'date_bin' {
    return this.hasTimescale ? 'time_bucket' : 'date_bin';
  }

  static async detect(dataSource: DataSource): Promise<StorageFeatures> {
    const rows = (await dataSource.query(`SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'`)) as { extversion: string }[];
    const version = rows[0]?.extversion ?? null;
    const [{ server }] = (await dataSource.query('SELECT version() AS server')) as [{ server: string }];
    return new StorageFeatures(version !== null, version, !/emscripten/i.test(server));
  }
}
