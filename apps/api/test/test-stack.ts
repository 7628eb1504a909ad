import type { MqttClient } from 'mqtt';
import { connectPublisher } from './device-publisher';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenPair } from '@tianyan/contracts';
import { loadConfig, type TianyanConfig } from '@tianyan/config';
import { BrokerAccess, EMBEDDED_MAX_STATEMENT_BYTES, ingestServiceAccount, startEmbeddedBroker, startEmbeddedDatabase } from '@tianyan/embedded';
import { IngestStore, StorageIngestStore } from '@tianyan/ingest';
import { DeviceCredentialRepository, DeviceRepository, ReadingStore } from '@tianyan/storage';
import { createTestDatabase, freePort, startMosquitto, testFleetAccount, type BrokerLogin } from '@tianyan/testing';
import { ApiModule } from '../src/api.module';
import { configureHttpApp } from '../src/boot/configure-app';
import { mosquittoAuthFiles } from '../src/device-access/mosquitto-files';

/**
 * Real servers for integration tests. By default the embedded ones (PGlite + TimescaleDB, aedes);
 * with TEST_BACKEND=real the machine's PostgreSQL and a Mosquitto started with the project config.
 * Either way the broker authenticates: ingest has a service account, device credentials come from
 * the registry, and a test-only `fleet` account may publish anywhere under tianyan/ (for tests of
 * ingest rather than of device access).
 */
export const TEST_BACKEND: 'embedded' | 'real' = process.env.TEST_BACKEND === 'real' ? 'real' : 'embedded';

/** The first admin every test app creates (ADMIN_PASSWORD). */
export const TEST_ADMIN = { username: 'admin', password: 'test-admin-password' } as const;

export interface TestServers {
  databaseUrl: string;
  mqttUrl: string;
  /** Settings the app must use with this database. */
  database: Pick<TianyanConfig['database'], 'poolSize' | 'maxStatementBytes'>;
  ingest: BrokerLogin;
  fleet: BrokerLogin;
  /** The embedded broker's access control (the app binds its device registry to it). */
  brokerAccess?: BrokerAccess;
  /**
   * Applies the device registry to the broker: nothing to do for the embedded one (it asks the
   * database on every CONNECT); for Mosquitto, what `npm run broker:acl` + SIGHUP do in production.
   */
  syncDeviceAuth(api: TestApp): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestServers(): Promise<TestServers> {
  if (TEST_BACKEND === 'real') {
    const db = await createTestDatabase();
    const mosquitto = await startMosquitto();
    return {
      databaseUrl: db.url, mqttUrl: mosquitto.url, database: { poolSize: 4, maxStatementBytes: 32 * 1024 * 1024 },
      ingest: mosquitto.ingest, fleet: mosquitto.fleet,
      syncDeviceAuth: async (api) => {
        const rows = await api.app.get(DeviceCredentialRepository).findAll();
        await mosquitto.setDeviceAuth(await mosquittoAuthFiles(rows, []));
      },
      stop: async () => {
        await mosquitto.stop();
        await db.drop();
      },
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'tianyan-pglite-'));
  const db = await startEmbeddedDatabase({ port: 0, dataDir });
  const ingest = { username: 'tianyan-ingest', password: randomBytes(18).toString('base64url') };
  const fleet = { username: 'test-fleet', password: randomBytes(18).toString('base64url') };
  const brokerAccess = new BrokerAccess([ingestServiceAccount(ingest.username, ingest.password), testFleetAccount(fleet.password)]);
  const broker = await startEmbeddedBroker({ port: 0, access: brokerAccess });
  return {
    databaseUrl: db.url, mqttUrl: broker.url, database: { poolSize: 1, maxStatementBytes: EMBEDDED_MAX_STATEMENT_BYTES },
    ingest, fleet, brokerAccess,
    syncDeviceAuth: async () => undefined,
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
  /** Signs in (default: the first admin) and returns the tokens. */
  login(username?: string, password?: string): Promise<TokenPair>;
  /** An access token of the first admin (signed in once per app). */
  adminToken(): Promise<string>;
  /** fetch() of `path` on the app as the first admin. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** A provider replaced for a test (e.g. faster retry timings). */
export interface ProviderOverride {
  provide: unknown;
  useValue: unknown;
}

/** Boots the api with ingest in-process against the given servers, on a free HTTP port. */
export async function startTestApp(
  servers: TestServers,
  { env = {}, ingestStore, overrides = [] }: { env?: Record<string, string>; ingestStore?: (real: IngestStore) => IngestStore; overrides?: ProviderOverride[] } = {},
): Promise<TestApp> {
  const base = loadConfig({
    DATABASE_URL: servers.databaseUrl, MQTT_URL: servers.mqttUrl, LOG_LEVEL: 'error', WEB_DIST_DIR: 'dist/web',
    MQTT_USERNAME: servers.ingest.username, MQTT_PASSWORD: servers.ingest.password,
    ADMIN_PASSWORD: TEST_ADMIN.password, RATE_LIMIT_API_PER_MIN: '100000', RATE_LIMIT_LOGIN_PER_MIN: '1000',
    ...env,
  });
  const config: TianyanConfig = { ...base, database: { ...base.database, ...servers.database } };
  let builder = Test.createTestingModule({ imports: [ApiModule.forRoot(config, { brokerAccess: servers.brokerAccess })] });
  if (ingestStore) {
    builder = builder.overrideProvider(IngestStore).useFactory({
      factory: (readings: ReadingStore, devices: DeviceRepository) => ingestStore(new StorageIngestStore(readings, devices)),
      inject: [ReadingStore, DeviceRepository],
    });
  }
  for (const o of overrides) builder = builder.overrideProvider(o.provide).useValue(o.useValue);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  configureHttpApp(app, config);
  const port = await freePort();
  await app.listen(port, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  const login = async (username: string = TEST_ADMIN.username, password: string = TEST_ADMIN.password): Promise<TokenPair> => {
    const res = await globalThis.fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as TokenPair;
  };
  let admin: Promise<TokenPair> | undefined;
  const adminToken = async () => (await (admin ??= login())).accessToken;
  return {
    app, baseUrl, config, login, adminToken,
    fetch: async (path, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${await adminToken()}`);
      if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return globalThis.fetch(`${baseUrl}${path}`, { ...init, headers });
    },
    close: () => app.close(),
  };
}

export interface ApiStack {
  servers: TestServers;
  api: TestApp;
  device: MqttClient;
}

/**
 * The usual integration setup, registered as beforeAll/afterAll: servers, the api with ingest
 * auto-provisioning devices, and one publisher with the test fleet login. A test may replace `api`.
 */
export function useApiStack(env: Record<string, string> = { INGEST_AUTO_PROVISION: 'on' }): ApiStack {
  const stack = {} as ApiStack;
  beforeAll(async () => {
    stack.servers = await startTestServers();
    stack.api = await startTestApp(stack.servers, { env });
    stack.device = await connectPublisher(stack.servers);
  });
  afterAll(async () => {
    await stack.device?.endAsync();
    await stack.api?.close();
    await stack.servers?.stop();
  });
  return stack;
}
