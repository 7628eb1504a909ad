import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig, type TianyanConfig } from '@tianyan/config';
import { EMBEDDED_MAX_STATEMENT_BYTES, startEmbeddedDatabase } from '@tianyan/embedded';

/** A database the storage suite runs against, started fresh and thrown away afterwards. */
export interface StorageTarget {
  name: string;
  expectTimescale: boolean;
  start(): Promise<{ config: TianyanConfig; stop(): Promise<void> }>;
}

function configFor(url: string, poolSize: number, maxStatementBytes?: number): TianyanConfig {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, DB_POOL_SIZE: String(poolSize) });
  return { ...config, database: { ...config.database, maxStatementBytes: maxStatementBytes ?? config.database.maxStatementBytes } };
}

export const embeddedTarget: StorageTarget = {
  name: 'embedded PGlite + TimescaleDB',
  expectTimescale: true,
  async start() {
    const dataDir = await mkdtemp(join(tmpdir(), 'tianyan-storage-'));
    const db = await startEmbeddedDatabase({ port: 0, dataDir });
    return {
      // What the embedded launcher passes: a pool of one and statements well under the 64 KiB message limit.
      config: configFor(db.url, 1, EMBEDDED_MAX_STATEMENT_BYTES),
      async stop() {
        await db.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
};

/** The machine's PostgreSQL (no TimescaleDB): a uniquely named database per run, dropped afterwards. */
export const postgresTarget: StorageTarget = {
  name: 'PostgreSQL',
  expectTimescale: false,
  async start() {
    const adminUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `tianyan_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return {
      config: configFor(url.toString(), 4),
      stop: () => withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
    };
  },
};

async function withAdmin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`cannot reach the test PostgreSQL at ${adminUrl} (set TEST_PG_URL): ${(e as Error).message}`);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
