import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type TianyanConfig } from '@tianyan/config';
import { EMBEDDED_MAX_STATEMENT_BYTES, startEmbeddedBroker, startEmbeddedDatabase } from '@tianyan/embedded';
import { IngestStore, StorageIngestStore } from '@tianyan/ingest';
import { DeviceRepository, ReadingStore } from '@tianyan/storage';
import { createTestDatabase, freePort, startMosquitto } from '@tianyan/testing';
import { ApiModule } from '../src/api.module';

/**
 * Real servers for integration tests. By default the embedded ones (PGlite + TimescaleDB, aedes);
 * with TEST_BACKEND=real the machine's PostgreSQL and a Mosquitto started with the project config.
 */
export const TEST_BACKEND: 'embedded' | 'real' = process.env.TEST_BACKEND === 'real' ? 'real' : 'embedded';

export interface TestServers {
  databaseUrl: string;
  mqttUrl: string;
  /** Settings the app must use with this database. */
  database: Pick<TianyanConfig['database'], 'poolSize' | 'maxStatementBytes'>;
  stop(): Promise<void>;
}

export async function startTestServers(): Promise<TestServers> {
  if (TEST_BACKEND === 'real') {
    const db = await createTestDatabase();
    const mosquitto = await startMosquitto();
    return {
      databaseUrl: db.url, mqttUrl: mosquitto.url, database: { poolSize: 4, maxStatementBytes: 32 * 1024 * 1024 },
      stop: async () => {
        await mosquitto.stop();
        await db.drop();
      },
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'tianyan-pglite-'));
  const db = await startEmbeddedDatabase({ port: 0, dataDir });
  const broker = await startEmbeddedBroker({ port: 0 });
  return {
    databaseUrl: db.url, mqttUrl: broker.url, database: { poolSize: 1, maxStatementBytes: EMBEDDED_MAX_STATEMENT_BYTES },
    stop: async () => {
      await broker.stop();
      await db.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  config: TianyanConfig;
  close(): Promise<void>;
}

/** Boots the api with ingest in-process against the given servers, on a free HTTP port. */
export async function startTestApp(
  servers: TestServers,
  { env = {}, ingestStore }: { env?: Record<string, string>; ingestStore?: (real: IngestStore) => IngestStore } = {},
): Promise<TestApp> {
  const base = loadConfig({ DATABASE_URL: servers.databaseUrl, MQTT_URL: servers.mqttUrl, LOG_LEVEL: 'error', WEB_DIST_DIR: 'dist/web', ...env });
  const config: TianyanConfig = { ...base, database: { ...base.database, ...servers.database } };
  let builder = Test.createTestingModule({ imports: [ApiModule.forRoot(config)] });
  if (ingestStore) {
    builder = builder.overrideProvider(IngestStore).useFactory({
      factory: (readings: ReadingStore, devices: DeviceRepository) => ingestStore(new StorageIngestStore(readings, devices)),
      inject: [ReadingStore, DeviceRepository],
    });
  }
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  const port = await freePort();
  await app.listen(port, '127.0.0.1');
  return { app, baseUrl: `http://127.0.0.1:${port}`, config, close: () => app.close() };
}
