import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, freePort, startMosquitto, TEST_PG_ADMIN_URL } from '@tianyan/testing';

export type Backend = 'real' | 'embedded';

/**
 * bench:ingest's references publish under these roots instead of `tianyan`, so they can run while
 * Tianyan is up without it ingesting them, and neither reads the other's; each as long as `tianyan`,
 * so every message keeps its size.
 */
export const REFERENCE_TOPIC_ROOTS = { ceiling: 'refceil', naive: 'refnaiv' } as const;

export interface BenchServers {
  backend: Backend;
  databaseUrl: string;
  mqttUrl: string;
  /** Environment the Tianyan process needs for these servers. */
  env: Record<string, string>;
  /** How the bench's publishers log in to the broker (absent: anonymous, as auto-provisioned devices do). */
  publisherLogin?: { username: string; password: string };
  /** Real backend: the broker's process, for its CPU time (embedded: it runs inside Tianyan). */
  brokerPid?: number;
  /** Real backend: the references' account, which may publish and read under REFERENCE_TOPIC_ROOTS only. */
  referenceLogin?: { username: string; password: string };
  stop(): Promise<void>;
}

/** Real: the machine's PostgreSQL + a Mosquitto with the project config. Embedded: what `npm start` runs. */
export async function startBenchServers(backend: Backend): Promise<BenchServers> {
  if (backend === 'real') {
    const db = await createTestDatabase();
    const reference = { username: 'bench-reference', password: randomBytes(18).toString('base64url') };
    const roots = Object.values(REFERENCE_TOPIC_ROOTS).map((root) => `${root}/#`);
    const mosquitto = await startMosquitto({ extraAccounts: [{ ...reference, publish: roots, subscribe: roots }] });
    return {
      backend, databaseUrl: db.url, mqttUrl: mosquitto.url,
      // The shipped config admits no anonymous client: ingest uses its service account, the publishers the test fleet's.
      env: { DATABASE_URL: db.url, MQTT_URL: mosquitto.url, MQTT_USERNAME: mosquitto.ingest.username, MQTT_PASSWORD: mosquitto.ingest.password },
      publisherLogin: mosquitto.fleet,
      referenceLogin: reference,
      brokerPid: mosquitto.pid,
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
