import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import Redis from 'ioredis';
import type { MqttClient } from 'mqtt';
import { io } from 'socket.io-client';
import { loadConfig } from '@tianyan/config';
import { unpackReadings, type DeviceReading, type IngestTotals, type ReadingsFrame } from '@tianyan/contracts';
import { makeDroneTelemetry, pollUntil } from '@tianyan/testing';
import { IngestAppModule } from '../../ingest/src/ingest-app.module';
import { connectPublisher, publishJson } from './device-publisher';
import { startTestApp, startTestServers, TEST_BACKEND, type TestApp, type TestServers } from './test-stack';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/**
 * Production's docker-compose topology: an ingest worker (apps/ingest) and an api without ingest,
 * Redis between them. The embedded database takes one connection, so this runs on the real servers.
 */
describe(`split topology: ingest worker → Redis → api (${TEST_BACKEND} servers)`, () => {
  let servers: TestServers | undefined;
  let api: TestApp | undefined;
  let worker: INestApplicationContext | undefined;
  let device: MqttClient | undefined;
  const workerId = `ingest-split-${process.pid}`;

  beforeAll(async () => {
    if (TEST_BACKEND !== 'real') return;
    if (!(await redisReachable())) {
      console.warn(`no Redis at ${REDIS_URL}: the split topology is not tested here (.ci/run starts one)`);
      return;
    }
    servers = await startTestServers();
    api = await startTestApp(servers, { env: { INGEST_ENABLED: 'false', REDIS_URL, INGEST_AUTO_PROVISION: 'on' } });
    const config = loadConfig({
      DATABASE_URL: servers.databaseUrl, MQTT_URL: servers.mqttUrl, MQTT_USERNAME: servers.ingest.username, MQTT_PASSWORD: servers.ingest.password,
      MQTT_CLIENT_ID: workerId, REDIS_URL, INGEST_AUTO_PROVISION: 'on', LOG_LEVEL: 'error',
    });
    worker = await NestFactory.createApplicationContext(IngestAppModule.forRoot({ ...config, database: { ...config.database, ...servers.database } }), { logger: ['error'] });
    device = await connectPublisher(servers);
  });
  afterAll(async () => {
    await device?.endAsync();
    await worker?.close();
    await api?.close();
    await servers?.stop();
  });

  const stats = async () => (await (await api!.fetch('/api/ingest/stats')).json()) as IngestTotals;

  // Skipped on the embedded servers (one database connection); .ci/run runs the real ones.
  const onRealServers = TEST_BACKEND === 'real' ? it : it.skip;

  onRealServers('stores and shows a reading the worker took, and the api reports the worker\'s counters until it stops', async () => {
    if (!api || !worker || !device) return; // no Redis: warned in beforeAll
    const socket = io(api.baseUrl, { transports: ['websocket'], auth: { token: await api.adminToken() } });
    const live: DeviceReading[] = [];
    socket.on('readings', (frame: ReadingsFrame) => live.push(...unpackReadings(frame)));
    try {
      expect(await socket.emitWithAck('subscribe', { rooms: ['device:drone-split-1'], maxHz: 20 })).toMatchObject({ ok: true });
      await publishJson(device, 'tianyan/v1/drone/drone-split-1/telemetry', makeDroneTelemetry({ seq: 7 }));
      const pushed = await pollUntil(() => live, (l) => l.length > 0, { what: 'the reading on the api socket, through Redis' });
      expect(pushed[0]).toMatchObject({ deviceId: 'drone-split-1', seq: 7 });
      const totals = await pollUntil(stats, (s) => s.messagesCommitted >= 1, { what: 'the worker\'s counters on the api' });
      expect(totals).toMatchObject({ messagesReceived: 1, messagesCommitted: 1, readingsStored: 1, quarantined: 0, lastError: null });
      expect(totals.workers).toEqual([expect.objectContaining({ worker: workerId, connected: true })]);
      const stored = await (await api.fetch('/api/devices/drone-split-1/latest')).json() as { readings: DeviceReading[] };
      expect(stored.readings).toEqual([expect.objectContaining({ seq: 7, channel: 'telemetry' })]);
    } finally {
      socket.disconnect();
    }
    await worker.close();
    worker = undefined;
    expect(await stats()).toMatchObject({ workers: [], messagesCommitted: 0 });
  });
});
