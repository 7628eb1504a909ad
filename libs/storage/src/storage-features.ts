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
    /** Continuous aggregates present (names), which zoomed-out series read instead of raw rows. */
    readonly seriesRollupViews: ReadonlySet<string> = new Set(),
  ) {}

  /**
   * Readings may COPY straight into their tables (ReadingStore): only where the database refuses a
   * stored key in every chunk. TimescaleDB checks keys in compressed chunks from 2.11; before, a COPY
   * into a compressed chunk would store a redelivered reading twice.
   */
  get directCopy(): boolean {
    if (!this.copyFromStdin) return false;
    if (!this.hasTimescale) return true;
    const [major = 0, minor = 0] = (this.timescaleVersion ?? '').split('.').map(Number);
    return major > 2 || (major === 2 && minor >= 11);
  }

  /** Both take (width, time, origin) and return the bucket start; date_bin is PostgreSQL ≥ 14. */
  get bucketFunction(): 'time_bucket' | 'date_bin' {
    return this.hasTimescale ? 'time_bucket' : 'date_bin';
  }

  get hasSeriesRollups(): boolean {
    return this.seriesRollupViews.size > 0;
  }

  static async detect(dataSource: DataSource): Promise<StorageFeatures> {
    const rows = (await dataSource.query(`SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'`)) as { extversion: string }[];
    const version = rows[0]?.extversion ?? null;
    const [{ server }] = (await dataSource.query('SELECT version() AS server')) as [{ server: string }];
    const views =
      version === null
        ? []
        : ((await dataSource.query(`SELECT view_name FROM timescaledb_information.continuous_aggregates WHERE view_schema = current_schema()`)) as {
            view_name: string;
          }[]);
    return new StorageFeatures(version !== null, version, !/emscripten/i.test(server), new Set(views.map((v) => v.view_name)));
  }
}
