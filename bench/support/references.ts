import { fork, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { REFERENCE_TOPIC_ROOTS, type BenchServers } from './bench-servers';
import type { BenchMessage } from './message-mix';
import { connectPublishers, publishAll, type Publisher } from './mqtt-publisher';

/** What one measured pass of a reference stored (or received) and how fast. */
export interface ReferenceResult {
  delivered: number;
  messagesPerSecond: number;
}

/**
 * One of bench:ingest's two references, started once, then measured in each round beside Tianyan
 * (its first pass, the warm-up, unmeasured). It publishes under its own root (REFERENCE_TOPIC_ROOTS) with the references' broker
 * account, so Tianyan, which reads `tianyan/#`, may stay up meanwhile.
 */
export interface Reference {
  /** Its own process (the subscriber or the bridge), for CPU time. */
  pid: number;
  measure(messages: BenchMessage[]): Promise<ReferenceResult>;
  stop(): Promise<void>;
}

/** The same messages under another topic root (as long as `tianyan`: the same bytes on the wire). */
export function underRoot(root: string, messages: BenchMessage[]): BenchMessage[] {
  return messages.map((m) => ({ ...m, topic: root + m.topic.slice(m.topic.indexOf('/')) }));
}

function referenceEnv(servers: BenchServers): Record<string, string> {
  const login = servers.referenceLogin;
  if (!login) throw new Error('the references need the real broker (--backend real)');
  return { MQTT_URL: servers.mqttUrl, MQTT_USERNAME: login.username, MQTT_PASSWORD: login.password };
}

/**
 * Broker-only ceiling: one mqtt.js publisher → the broker → one mqtt.js subscriber (another process),
 * QoS 1.
 */
export async function startBrokerCeiling(servers: BenchServers, window: number): Promise<Reference> {
  const sink = fork(resolve(__dirname, '../reference/broker-sink.js'), [], {
    env: { ...process.env, ...referenceEnv(servers), SINK_TOPIC: `${REFERENCE_TOPIC_ROOTS.ceiling}/#` },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let publisher: Publisher | undefined;
  let total = 0;
  // Publishes `messages`; resolves with when the last of them arrived (30 s without it: what arrived by then).
  const pass = async (messages: BenchMessage[]) => {
    const base = total;
    total += messages.length;
    sink.send({ type: 'expect', total });
    const done = nextMessage(sink, 'done', 180_000);
    const t0 = Date.now();
    await publishAll([publisher!], underRoot(REFERENCE_TOPIC_ROOTS.ceiling, messages), window);
    const finished = await Promise.race([done, new Promise<null>((r) => setTimeout(() => r(null), 30_000))]);
    const result = (finished ?? (sink.send({ type: 'report' }), await nextMessage(sink, 'done', 5000))) as { received: number; lastAt: number };
    return { t0, delivered: result.received - base, lastAt: result.lastAt };
  };
  try {
    await nextMessage(sink, 'ready', 30_000);
    [publisher] = await connectPublishers(1, servers.mqttUrl, servers.referenceLogin, 'ceiling');
  } catch (err) {
    await stopChild(sink);
    throw err;
  }
  return {
    pid: sink.pid!,
    measure: async (messages) => {
      const { t0, delivered, lastAt } = await pass(messages);
      return { delivered, messagesPerSecond: Math.round(delivered / ((lastAt - t0) / 1000)) };
    },
    stop: async () => {
      await publisher?.endAsync();
      await stopChild(sink);
    },
  };
}

/** The naive baseline (bench/reference/naive-ingest.ts) in its own process: rows stored per second. */
export async function startNaiveBaseline(servers: BenchServers, publishers: number, window: number): Promise<Reference> {
  const naive = spawn(process.execPath, [resolve(__dirname, '../reference/naive-ingest.js')], {
    env: { ...process.env, ...referenceEnv(servers), DATABASE_URL: servers.databaseUrl, TOPIC_FILTER: `${REFERENCE_TOPIC_ROOTS.naive}/#`, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const db = new Client({ connectionString: servers.databaseUrl });
  let clients: Publisher[] = [];
  const count = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM naive_readings')).rows[0]!.n);
  // Publishes, then waits until every row is in, or no row arrived for 10 s (the naive bridge may lose some: it acknowledged them already).
  const store = async (batch: BenchMessage[]): Promise<ReferenceResult> => {
    const base = await count();
    const t0 = Date.now();
    await publishAll(clients, underRoot(REFERENCE_TOPIC_ROOTS.naive, batch), window);
    let stored = 0;
    let lastGrowthAt = Date.now();
    while (stored < batch.length && Date.now() - lastGrowthAt < 10_000) {
      const now = (await count()) - base;
      if (now > stored) [stored, lastGrowthAt] = [now, Date.now()];
      await new Promise((r) => setTimeout(r, 100));
    }
    return { delivered: stored, messagesPerSecond: Math.round(stored / ((lastGrowthAt - t0) / 1000)) };
  };
  const stop = async () => {
    await Promise.all(clients.map((c) => c.endAsync()));
    await db.end().catch(() => undefined);
    await stopChild(naive);
  };
  try {
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error('naive-ingest did not subscribe within 30 s')), 30_000);
      naive.stdout!.on('data', (d: Buffer) => d.toString().includes('subscribed') && (clearTimeout(timer), ok()));
      naive.once('exit', (code) => fail(new Error(`naive-ingest exited with ${code}`)));
    });
    await db.connect();
    clients = await connectPublishers(publishers, servers.mqttUrl, servers.referenceLogin, 'naive');
  } catch (err) {
    await stop();
    throw err;
  }
  return { pid: naive.pid!, measure: store, stop };
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
