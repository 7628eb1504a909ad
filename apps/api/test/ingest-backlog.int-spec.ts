import type { MqttClient } from 'mqtt';
import { DataSource } from 'typeorm';
import { IngestStore, MqttIngestService, type IngestBatch, type IngestWriteResult, type KnownDevice } from '@tianyan/ingest';
import { makeDroneTelemetry, pollUntil } from '@tianyan/testing';
import { connectPublisher } from './device-publisher';
import { startTestApp, startTestServers, TEST_BACKEND, type TestServers } from './test-stack';

/** The real store, each write held back: a database that commits far slower than devices send. */
class SlowStore extends IngestStore {
  constructor(private readonly real: IngestStore, private readonly delayMs: number) {
    super();
  }
  override async write(batch: IngestBatch): Promise<IngestWriteResult> {
    await new Promise((r) => setTimeout(r, this.delayMs));
    return this.real.write(batch);
  }
  override knownDevices(): Promise<KnownDevice[]> {
    return this.real.knownDevices();
  }
}

describe(`ingest under a backlog (${TEST_BACKEND} servers)`, () => {
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

  it('keeps its broker connection while the PINGRESP waits behind the backlog, and stores every message once', async () => {
    // A 2 s keepalive: mqtt.js pings after 2 s and would close 1 s later without an answer, but the
    // answer queues behind the messages ahead of it, which a 150 msg/s database takes many seconds to drain.
    const api = await startTestApp(servers, {
      env: { MQTT_CLIENT_ID: 'ingest-backlog', INGEST_AUTO_PROVISION: 'on', MQTT_KEEPALIVE_S: '2', INGEST_MAX_PENDING: '100', INGEST_BATCH_MAX: '30' },
      ingestStore: (real) => new SlowStore(real, 200),
    });
    try {
      const ingest = api.app.get(MqttIngestService);
      const t0 = Date.now() - 600_000;
      const count = 1500;
      await Promise.all(
        Array.from({ length: count }, (_, i) => device.publishAsync('tianyan/v1/drone/backlog-1/telemetry', JSON.stringify(makeDroneTelemetry({ ts: t0 + i * 100, seq: i })), { qos: 1 })),
      );
      const rows = async () => Number((await api.app.get(DataSource).query(`SELECT count(*)::int AS n FROM drone_telemetry WHERE device_id = 'backlog-1'`))[0].n);
      await pollUntil(rows, (n) => n === count, { what: `${count} rows stored`, timeoutMs: 60_000 });
      expect(ingest.stats.connects).toBe(1);
      expect(ingest.stats.readingsDuplicate).toBe(0);
      expect(ingest.stats.messagesReceived).toBe(count);
    } finally {
      await api.close();
    }
  });
});
