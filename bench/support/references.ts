import { fork, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import type { BenchServers } from './bench-servers';
import type { BenchMessage } from './message-mix';
import { connectPublishers, publishAll } from './mqtt-publisher';

/** The two references of bench:ingest, run on the same broker and database as Tianyan, one at a time. */
export interface ReferenceResult {
  delivered: number;
  messagesPerSecond: number;
}

/**
 * Broker-only ceiling: one mqtt.js publisher → the broker → one mqtt.js subscriber (another process),
 * QoS 1. `warmUp` goes through first, unmeasured, as for Tianyan and the naive bridge.
 */
export async function brokerCeiling(servers: BenchServers, subscriberLogin: { username: string; password: string }, warmUp: BenchMessage[], messages: BenchMessage[], window: number): Promise<ReferenceResult> {
  const sink = fork(resolve(__dirname, '../reference/broker-sink.js'), [], {
    env: { ...process.env, MQTT_URL: servers.mqttUrl, MQTT_USERNAME: subscriberLogin.username, MQTT_PASSWORD: subscriberLogin.password, SINK_EXPECTED: String(warmUp.length + messages.length) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    await nextMessage(sink, 'ready', 30_000);
    const [publisher] = await connectPublishers(1, servers.mqttUrl, servers.publisherLogin, 'ceiling');
    if (warmUp.length > 0) {
      await publishAll([publisher!], warmUp, window);
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        sink.send({ type: 'report' });
        if (((await nextMessage(sink, 'done', 5000)) as { received: number }).received >= warmUp.length) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    const t0 = Date.now();
    const done = nextMessage(sink, 'done', 180_000);
    await publishAll([publisher!], messages, window);
    const finished = await Promise.race([done, new Promise<null>((r) => setTimeout(() => r(null), 30_000))]);
    const result = (finished ?? (sink.send({ type: 'report' }), await nextMessage(sink, 'done', 5000))) as { received: number; lastAt: number };
    await publisher!.endAsync();
    const delivered = result.received - warmUp.length;
    return { delivered, messagesPerSecond: Math.round(delivered / ((result.lastAt - t0) / 1000)) };
  } finally {
    await stopChild(sink);
  }
}

/** The naive baseline (bench/reference/naive-ingest.ts) in its own process: rows stored per second, after `warmUp` went through. */
export async function naiveBaseline(servers: BenchServers, subscriberLogin: { username: string; password: string }, warmUp: BenchMessage[], messages: BenchMessage[], publishers: number, window: number): Promise<ReferenceResult> {
  const naive = spawn(process.execPath, [resolve(__dirname, '../reference/naive-ingest.js')], {
    env: { ...process.env, MQTT_URL: servers.mqttUrl, MQTT_USERNAME: subscriberLogin.username, MQTT_PASSWORD: subscriberLogin.password, DATABASE_URL: servers.databaseUrl, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const db = new Client({ connectionString: servers.databaseUrl });
  try {
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error('naive-ingest did not subscribe within 30 s')), 30_000);
      naive.stdout!.on('data', (d: Buffer) => d.toString().includes('subscribed') && (clearTimeout(timer), ok()));
      naive.once('exit', (code) => fail(new Error(`naive-ingest exited with ${code}`)));
    });
    await db.connect();
    const count = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM naive_readings')).rows[0]!.n);
    const clients = await connectPublishers(publishers, servers.mqttUrl, servers.publisherLogin, 'naive');
    // Publishes, then waits until every row is in, or no row arrived for 10 s (the naive bridge may lose some: it acknowledged them already).
    const store = async (batch: BenchMessage[]): Promise<ReferenceResult> => {
      const base = await count();
      const t0 = Date.now();
      await publishAll(clients, batch, window);
      let stored = 0;
      let lastGrowthAt = Date.now();
      while (stored < batch.length && Date.now() - lastGrowthAt < 10_000) {
        const now = (await count()) - base;
        if (now > stored) [stored, lastGrowthAt] = [now, Date.now()];
        await new Promise((r) => setTimeout(r, 100));
      }
      return { delivered: stored, messagesPerSecond: Math.round(stored / ((lastGrowthAt - t0) / 1000)) };
    };
    if (warmUp.length > 0) await store(warmUp);
    const result = await store(messages);
    await Promise.all(clients.map((c) => c.endAsync()));
    return result;
  } finally {
    await db.end().catch(() => undefined);
    await stopChild(naive);
  }
}

function nextMessage(child: ChildProcess, type: string, timeoutMs: number): Promise<unknown> {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${type} from process ${child.pid}: timeout`)), timeoutMs);
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      ok(m);
    };
    child.on('message', onMessage);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    child.kill('SIGTERM');
  });
}
