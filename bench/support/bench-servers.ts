import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, freePort, startMosquitto, TEST_PG_ADMIN_URL } from '@tianyan/testing';

export type Backend = 'real' | 'embedded';

export interface BenchServers {
  backend: Backend;
  databaseUrl: string;
  mqttUrl: string;
  /** Environment the Tianyan process needs for these servers. */
  env: Record<string, string>;
  /** How the bench's publishers log in to the broker (absent: anonymous, as auto-provisioned devices do). */
  publisherLogin?: { username: string; password: string };
  stop(): Promise<void>;
}

/** Real: the machine's PostgreSQL + a Mosquitto with the project config. Embedded: what `npm start` runs. */
export async function startBenchServers(backend: Backend): Promise<BenchServers> {
  if (backend === 'real') {
    const db = await createTestDatabase();
    const mosquitto = await startMosquitto();
    return {
      backend, databaseUrl: db.url, mqttUrl: mosquitto.url,
      // The shipped config admits no anonymous client: ingest uses its service account, the publishers the test fleet's.
      env: { DATABASE_URL: db.url, MQTT_URL: mosquitto.url, MQTT_USERNAME: mosquitto.ingest.username, MQTT_PASSWORD: mosquitto.ingest.password },
      publisherLogin: mosquitto.fleet,
      stop: async () => {
        await mosquitto.stop();
        await db.drop();
      },
    };
  }
  // Embedded: the Tianyan process starts its own PGlite and aedes, exactly as `npm start` does.
  const dataDir = await mkdtemp(join(tmpdir(), 'tianyan-bench-'));
  const [mqttPort, dbPort] = [await freePort(), await freePort()];
  return {
    backend, databaseUrl: `postgres://postgres@127.0.0.1:${dbPort}/postgres`, mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
    env: { MQTT_PORT: String(mqttPort), EMBEDDED_DB_PORT: String(dbPort), EMBEDDED_DB_DIR: dataDir },
    stop: () => rm(dataDir, { recursive: true, force: true }),
  };
}

export async function postgresReachable(): Promise<boolean> {
  const c = new Client({ connectionString: TEST_PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}
