import { parseArgs } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { io } from 'socket.io-client';
import type { DeviceReading } from '@tianyan/contracts';
import { postgresReachable, startBenchServers, type Backend, type BenchServers } from './support/bench-servers';
import { buildMessageMix, type BenchMessage } from './support/message-mix';
import { percentile, printTable } from './support/stats';
import { signIn, startTianyan } from './support/tianyan-process';

/**
 * bench:ingest — publishes a realistic message mix at QoS 1 through a real broker into a real
 * database via a separate Tianyan process, and prints messages/s stored, loss, and
 * publish→commit / publish→socket latency.
 *   npm run bench:ingest -- [--messages 60000] [--devices 200] [--publishers 2] [--backend real|embedded]
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '60000' },
      devices: { type: 'string', default: '200' },
      publishers: { type: 'string', default: '2' },
      window: { type: 'string', default: '1000' },
      backend: { type: 'string', default: 'auto' },
      smoke: { type: 'boolean', default: false },
    },
  });
  const count = values.smoke ? 3000 : Number(values.messages);
  const backend: Backend = values.backend === 'auto' ? ((await postgresReachable()) ? 'real' : 'embedded') : (values.backend as Backend);
  const messages = buildMessageMix(count, Number(values.devices));

  const servers = await startBenchServers(backend);
  const tianyan = await startTianyan(servers.env);
  try {
    const result = await run(tianyan.baseUrl, servers.mqttUrl, servers.publisherLogin, messages, Number(values.publishers), Number(values.window));
    const row = { bench: 'ingest', backend, messages: count, devices: Number(values.devices), ...result };
    printTable(`bench:ingest (${backend}: ${backend === 'real' ? 'PostgreSQL + Mosquitto' : 'PGlite/TimescaleDB + aedes'})`, [
      ['messages published', count],
      ['messages stored', result.stored],
      ['loss', result.loss],
      ['sustained messages/s stored', result.messagesPerSecond],
      ['publish rate (msg/s)', result.publishPerSecond],
      ['publish→commit p50 (ms)', result.commitP50Ms],
      ['publish→commit p99 (ms)', result.commitP99Ms],
      ['publish→socket p50 (ms)', result.socketP50Ms],
      ['publish→socket p99 (ms)', result.socketP99Ms],
      ['socket readings received', result.socketReadings],
      ['batches committed', result.batches],
      ['mean messages per batch', result.meanBatchMessages],
    ]);
    console.log(JSON.stringify(row));
    if (result.loss !== 0) process.exitCode = 1;
  } finally {
    await tianyan.stop();
    await servers.stop();
  }
}

async function run(baseUrl: string, mqttUrl: string, login: BenchServers['publisherLogin'], messages: BenchMessage[], publishers: number, window: number) {
  const token = await signIn(baseUrl);
  const socket = io(baseUrl, { transports: ['websocket'], auth: { token } });
  const socketLatencies: number[] = [];
  const onReadings = (readings: DeviceReading[]) => {
    const now = Date.now();
    for (const r of readings) if (!r.late) socketLatencies.push(now - r.time);
  };
  for (const event of ['reading:drone', 'reading:ms', 'reading:obd'] as const) socket.on(event, onReadings);
  await socket.emitWithAck('subscribe', { rooms: ['all'], maxHz: 20 });

  const stats = async () => (await (await fetch(`${baseUrl}/api/ingest/stats`, { headers: { authorization: `Bearer ${token}` } })).json()) as { messagesCommitted: number; batchesCommitted: number };
  const base = await stats();
  const publishedAt = new Float64Array(messages.length);
  const committedAt = new Float64Array(messages.length);
  let committed = 0;
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const s = await stats();
      const done = s.messagesCommitted - base.messagesCommitted;
      const now = Date.now();
      for (; committed < Math.min(done, messages.length); committed++) committedAt[committed] = now;
      await new Promise((r) => setTimeout(r, 10));
    }
  })();

  const clients: MqttClient[] = await Promise.all(
    Array.from({ length: publishers }, (_, i) => mqtt.connectAsync(mqttUrl, { clientId: `bench-pub-${i}-${process.pid}`, protocolVersion: 4, ...login })),
  );
  const t0 = Date.now();
  let next = 0;
  // Each publisher keeps up to `window` messages unacknowledged by the broker. A counter and one waiter,
  // not Promise.race over the in-flight set: that costs O(window) per message, and the load generator
  // shares this machine's two cores with the system under test.
  const options = { qos: 1 } as const;
  await Promise.all(
    clients.map(
      (client) =>
        new Promise<void>((done, fail) => {
          let inFlight = 0;
          let finished = false;
          const pump = (): void => {
            while (inFlight < window && next < messages.length) {
              const i = next++;
              const m = messages[i]!;
              const now = Date.now();
              publishedAt[i] = now;
              inFlight++;
              client.publish(m.topic, `{"ts":${now},${m.rest}`, options, onAck);
            }
            if (inFlight === 0 && next >= messages.length && !finished) {
              finished = true;
              done();
            }
          };
          const onAck = (err?: Error): void => {
            inFlight--;
            if (err) fail(err);
            // Refill in bulk: waking per acknowledgement would interleave single publishes with reads.
            else if (inFlight <= window / 2 || next >= messages.length) pump();
          };
          pump();
        }),
    ),
  );
  const publishDone = Date.now();
  const deadline = publishDone + 120_000;
  while (committed < messages.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  polling = false;
  await poller;
  await new Promise((r) => setTimeout(r, 300));
  socket.disconnect();
  await Promise.all(clients.map((c) => c.endAsync()));

  const final = await stats();
  const batches = final.batchesCommitted - base.batchesCommitted;
  const commitLatencies: number[] = [];
  for (let i = 0; i < committed; i++) commitLatencies.push(committedAt[i]! - publishedAt[i]!);
  const lastCommit = committed > 0 ? committedAt[committed - 1]! : Date.now();
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    stored: committed,
    loss: messages.length - committed,
    seconds: round((lastCommit - t0) / 1000),
    messagesPerSecond: Math.round(committed / ((lastCommit - t0) / 1000)),
    publishPerSecond: Math.round(messages.length / ((publishDone - t0) / 1000)),
    commitP50Ms: round(percentile(commitLatencies, 50)),
    commitP99Ms: round(percentile(commitLatencies, 99)),
    socketP50Ms: round(percentile(socketLatencies, 50)),
    socketP99Ms: round(percentile(socketLatencies, 99)),
    socketReadings: socketLatencies.length,
    batches,
    meanBatchMessages: Math.round(committed / Math.max(1, batches)),
  };
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
