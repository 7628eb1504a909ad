import type { MqttClient } from 'mqtt';
import { DataSource } from 'typeorm';
import { IngestStore, MqttIngestService, type IngestBatch, type IngestWriteResult, type KnownDevice } from '@tianyan/ingest';
import { makeDroneTelemetry, pollUntil } from '@tianyan/testing';
import { connectPublisher, publishJson } from './device-publisher';
import { startTestApp, startTestServers, TEST_BACKEND, type TestApp, type TestServers } from './test-stack';

/** Wraps the real store: fails, stalls or slows writes on demand, as a sick database would. */
class FaultyStore extends IngestStore {
  failNext = 0;
  stall = false;
  /** Each write held back this long: a database that commits far slower than devices send. */
  delayMs = 0;
  writes = 0;
  constructor(private readonly real: IngestStore) {
    super();
  }
  override async write(batch: IngestBatch): Promise<IngestWriteResult> {
    this.writes++;
    if (this.stall) return new Promise(() => undefined); // never commits: the process "dies" first
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('connection terminated unexpectedly (injected)');
    }
    return this.real.write(batch);
  }
  override knownDevices(): Promise<KnownDevice[]> {
    return this.real.knownDevices();
  }
}

const countRows = async (api: TestApp, deviceId: string) =>
  Number((await api.app.get(DataSource).query(`SELECT count(*)::int AS n FROM drone_telemetry WHERE device_id = $1`, [deviceId]))[0].n);

describe(`acknowledge after commit (${TEST_BACKEND} servers)`, () => {
  let servers: TestServers;
  let device: MqttClient;

  beforeAll(async () => {
    servers = await startTestServers();
    device = await connectPublisher(servers);
  });
  afterAll(async () => {
    await device?.endAsync();
    await servers?.stop();
  });

  it('retries a batch the database rejected, then stores every message once', async () => {
    let store!: FaultyStore;
    const api = await startTestApp(servers, {
      env: { MQTT_CLIENT_ID: 'ingest-retry', INGEST_AUTO_PROVISION: 'on' },
      ingestStore: (real) => (store = new FaultyStore(real)),
    });
    try {
      store.failNext = 3;
      const t0 = Date.now() - 120_000;
      for (let i = 0; i < 200; i++) await publishJson(device, 'tianyan/v1/drone/retry-1/telemetry', makeDroneTelemetry({ ts: t0 + i * 200, seq: i }));
      const n = await pollUntil(() => countRows(api, 'retry-1'), (c) => c === 200, { what: '200 rows after retries' });
      expect(n).toBe(200);
      expect(store.failNext).toBe(0);
      expect(api.app.get(MqttIngestService).stats.writeFailures).toBe(3);
    } finally {
      await api.close();
    }
  });

  it('loses nothing when ingest dies between receive and commit: the broker redelivers', async () => {
    const clientId = 'ingest-crash';
    let store!: FaultyStore;
    const first = await startTestApp(servers, { env: { MQTT_CLIENT_ID: clientId, INGEST_AUTO_PROVISION: 'on' }, ingestStore: (real) => (store = new FaultyStore(real)) });
    const t0 = Date.now() - 120_000;
    // 100 messages commit normally; the next 100 are received but their batch never commits.
    for (let i = 0; i < 100; i++) await publishJson(device, 'tianyan/v1/drone/crash-1/telemetry', makeDroneTelemetry({ ts: t0 + i * 200, seq: i }));
    await pollUntil(() => countRows(first, 'crash-1'), (c) => c === 100);
    store.stall = true;
    for (let i = 100; i < 200; i++) await publishJson(device, 'tianyan/v1/drone/crash-1/telemetry', makeDroneTelemetry({ ts: t0 + i * 200, seq: i }));
    const ingest = first.app.get(MqttIngestService);
    await pollUntil(() => ingest.stats.messagesReceived, (n) => n >= 200, { what: 'all 200 received by the doomed ingest' });
    expect(await countRows(first, 'crash-1')).toBe(100);
    await ingest.abort();
    await first.close();

    const second = await startTestApp(servers, { env: { MQTT_CLIENT_ID: clientId, INGEST_AUTO_PROVISION: 'on' } });
    try {
      const n = await pollUntil(() => countRows(second, 'crash-1'), (c) => c === 200, { what: 'redelivered messages stored' });
      expect(n).toBe(200);
      const seqs = (await second.app.get(DataSource).query(`SELECT DISTINCT seq FROM drone_telemetry WHERE device_id = 'crash-1'`)) as unknown[];
      expect(seqs).toHaveLength(200);
    } finally {
      await second.close();
    }
  });

  it('keeps its broker connection while the PINGRESP waits behind a backlog, and stores every message once', async () => {
    // A 2 s keepalive: mqtt.js pings after 2 s and would close 1 s later without an answer, but the
    // answer queues behind the messages ahead of it, which a ~150 msg/s database takes seconds to drain.
    let store!: FaultyStore;
    const api = await startTestApp(servers, {
      env: { MQTT_CLIENT_ID: 'ingest-backlog', INGEST_AUTO_PROVISION: 'on', MQTT_KEEPALIVE_S: '2', INGEST_MAX_PENDING: '100', INGEST_BATCH_MAX: '30' },
      ingestStore: (real) => (store = new FaultyStore(real)),
    });
    try {
      store.delayMs = 200;
      const t0 = Date.now() - 600_000;
      const count = 1500;
      await Promise.all(
        Array.from({ length: count }, (_, i) => device.publishAsync('tianyan/v1/drone/backlog-1/telemetry', JSON.stringify(makeDroneTelemetry({ ts: t0 + i * 100, seq: i })), { qos: 1 })),
      );
      await pollUntil(() => countRows(api, 'backlog-1'), (n) => n === count, { what: `${count} rows stored`, timeoutMs: 60_000 });
      const stats = api.app.get(MqttIngestService).stats;
      expect(stats.connects).toBe(1);
      expect(stats.readingsDuplicate).toBe(0);
      expect(stats.messagesReceived).toBe(count);
    } finally {
      await api.close();
    }
  });
});
