import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { postgresReachable, startBenchServers, type Backend } from './support/bench-servers';
import { buildMessageMix } from './support/message-mix';
import { connectPublishers, publisherKind, publishPaced } from './support/mqtt-publisher';
import { coresBetween, mb, sampleProcess, type ProcSample } from './support/proc-stats';
import { mean, round1, round2, runtimeSamples } from './support/runtime-samples';
import { startSocketFleet } from './support/socket-fleet';
import type { FleetClientKind } from './support/socket-fleet-child';
import { printTable } from './support/stats';
import { ingestStats, signIn, startTianyan, storedOnce, topologyArg, type Topology } from './support/tianyan-process';

/** Issue 9's target: p99 publish→client ≤ 100 ms at 10k messages/s with 200 clients. */
const TARGET = { clients: 200, rate: 10_000, p99Ms: 100 } as const;

/**
 * bench:fanout — N live clients (in child processes, `--per-process` each) subscribed to the live
 * stream (room `all`) while a paced publisher feeds ingest at `--rate` messages/s. Per N: achieved
 * publish rate, delivered events and readings/s, p50/p99 publish→client latency (payload ts is the
 * publish time) and its two legs' p99 (publish→server receive, server receive→client), the p99 spread
 * of one beat over the clients of a process (how long after the first each got the same frame), the
 * Tianyan process's CPU (from /proc), RSS, event-loop utilisation and delay. `--client light`
 * (default) times each frame's readings without decoding them, as if the screens ran on other
 * machines; `--client full` decodes every event with socket.io-client on this machine
 * (socket-fleet-child.ts). `--publisher lean` (default) publishes through LeanPublisher, `mqttjs`
 * through mqtt.js clients. `--topology split` runs Tianyan as production's docker-compose does (an
 * ingest worker and an api process, Redis between them; CPU and RSS are their sums, ELU and loop
 * delay the api's, whose loop sends the frames).
 *   npm run bench:fanout -- [--clients 10,50,200,500] [--rate 10000] [--seconds 20] [--max-hz 20] [--client light|full] [--devices 200] [--publisher lean|mqttjs] [--topology single|split]
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '10,50,200,500' },
      rate: { type: 'string', default: '10000' },
      seconds: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '3' },
      devices: { type: 'string', default: '200' },
      publishers: { type: 'string', default: '2' },
      publisher: { type: 'string', default: 'lean' },
      'per-process': { type: 'string', default: '50' },
      'max-hz': { type: 'string', default: '20' },
      client: { type: 'string', default: 'light' },
      backend: { type: 'string', default: 'auto' },
      topology: { type: 'string', default: 'single' },
      smoke: { type: 'boolean', default: false },
    },
  });
  const smoke = values.smoke;
  const counts = (smoke ? '10' : values.clients).split(',').map(Number);
  const rate = smoke ? 2000 : Number(values.rate);
  const seconds = smoke ? 3 : Number(values.seconds);
  const warmup = smoke ? 1 : Number(values.warmup);
  const maxHz = Number(values['max-hz']);
  if (values.client !== 'light' && values.client !== 'full') throw new Error(`--client must be light or full, not ${values.client}`);
  const client: FleetClientKind = values.client;
  const devices = Number(values.devices);
  const topology = topologyArg(values.topology);
  const backend: Backend = values.backend === 'auto' ? ((await postgresReachable()) ? 'real' : 'embedded') : (values.backend as Backend);
  if (topology === 'split' && backend !== 'real') {
    // Not a failure of Tianyan: without PostgreSQL and Mosquitto there is no production topology to run.
    console.log(`bench:fanout --topology split needs the real PostgreSQL and broker: skipped on ${backend}`);
    console.log(JSON.stringify({ bench: 'fanout', backend, topology, skipped: 'split needs the real servers' }));
    return;
  }
  const messages = buildMessageMix(Math.max(20_000, devices * 5), devices);
  const probeDir = await mkdtemp(join(tmpdir(), 'tianyan-fanout-'));
  const runtimeFile = join(probeDir, 'runtime.jsonl');

  const servers = await startBenchServers(backend);
  try {
    const tianyan = await startTianyan(servers.env, { runtimeFile, runtimeEveryMs: 1000, topology });
    try {
      const token = await signIn(tianyan.baseUrl);
      const publishers = await connectPublishers(Number(values.publishers), servers.mqttUrl, servers.publisherLogin, 'pub', publisherKind(values.publisher));
      const rows: Row[] = [];
      const stats0 = await ingestStats(tianyan.baseUrl, token);
      let published = 0;
      for (const clients of counts) {
        // Each N starts with ingest caught up: the previous N's backlog would otherwise count against it.
        await drained(tianyan.baseUrl, token, storedOnce(stats0) + published, 90_000);
        let fleet: Awaited<ReturnType<typeof startSocketFleet>>;
        try {
          fleet = await startSocketFleet({ clients, perProcess: Number(values['per-process']), baseUrl: tianyan.baseUrl, token, maxHz, client });
        } catch (err) {
          // Larger N would not do better: record why and stop here.
          rows.push({ ...failedRow(clients), error: (err as Error).message });
          console.log(`  ${clients} clients: ${(err as Error).message}`);
          break;
        }
        try {
          published += (await publishPaced(publishers, messages, { rate, durationMs: warmup * 1000 })).published;
          fleet.reset();
          const [cpu0, s0, fleetCpu0] = [tianyan.pids.map(sampleProcess), await ingestStats(tianyan.baseUrl, token), fleet.pids.map(sampleProcess)];
          const paced = await publishPaced(publishers, messages, { rate, durationMs: seconds * 1000 });
          published += paced.published;
          const [cpu1, s1, fleetCpu1] = [tianyan.pids.map(sampleProcess), await ingestStats(tianyan.baseUrl, token), fleet.pids.map(sampleProcess)];
          const totals = await fleet.collect();
          const window = (cpu1[0]!.at - cpu0[0]!.at) / 1000;
          const runtime = runtimeSamples(runtimeFile, cpu0[0]!.at, cpu1[0]!.at);
          const row: Row = {
            clients, connected: totals.connected, publishedPerSecond: paced.achievedPerSecond,
            storedPerSecond: Math.round((storedOnce(s1) - storedOnce(s0)) / window),
            eventsPerSecond: Math.round(totals.events / window), readingsPerSecond: Math.round(totals.readings / window),
            // Per client, all events (alerts too): each frame costs the server a write per socket.
            framesPerClientSecond: round1(totals.frames / totals.connected / window),
            kbPerClientSecond: client === 'light' ? Math.round(totals.bytes / 1024 / totals.connected / window) : NaN,
            p50Ms: totals.histogram.percentile(50), p99Ms: totals.histogram.percentile(99), p99ToServerMs: totals.toServer.percentile(99), p99FromServerMs: totals.fromServer.percentile(99),
            p99SpreadMs: totals.spread.percentile(99),
            serverCores: round2(sumCores(cpu0, cpu1)), serverRssMb: mb(cpu1.reduce((sum, s) => sum + s.rssBytes, 0)),
            serverElu: round2(mean(runtime.map((s) => s.elu))),
            loopDelayP99Ms: round1(Math.max(...runtime.map((s) => s.loopDelayP99Ms))),
            clientCores: round2(sumCores(fleetCpu0, fleetCpu1)),
          };
          rows.push(row);
          console.log(`  ${clients} clients: ${JSON.stringify(row)}`);
        } finally {
          await fleet.stop();
        }
      }
      await Promise.all(publishers.map((p) => p.endAsync(true)));
      report(rows, { backend, topology, rate, seconds, maxHz, client, devices, smoke });
    } finally {
      await tianyan.stop();
    }
  } finally {
    await servers.stop();
    await rm(probeDir, { recursive: true, force: true });
  }
}

async function drained(baseUrl: string, token: string, committed: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (storedOnce(await ingestStats(baseUrl, token)) < committed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
}

const sumCores = (before: ProcSample[], after: ProcSample[]): number => after.reduce((sum, s, i) => sum + coresBetween(before[i]!, s), 0);

const failedRow = (clients: number): Row => ({
  clients, connected: 0, publishedPerSecond: NaN, storedPerSecond: NaN, eventsPerSecond: NaN, readingsPerSecond: NaN, framesPerClientSecond: NaN, kbPerClientSecond: NaN, p50Ms: NaN, p99Ms: NaN, p99ToServerMs: NaN, p99FromServerMs: NaN, p99SpreadMs: NaN, serverCores: NaN, serverRssMb: NaN, serverElu: NaN, loopDelayP99Ms: NaN, clientCores: NaN,
});

type Row = { error?: string; clients: number; connected: number; publishedPerSecond: number; storedPerSecond: number; eventsPerSecond: number; readingsPerSecond: number; framesPerClientSecond: number; kbPerClientSecond: number; p50Ms: number; p99Ms: number; p99ToServerMs: number; p99FromServerMs: number; p99SpreadMs: number; serverCores: number; serverRssMb: number; serverElu: number; loopDelayP99Ms: number; clientCores: number };

function report(rows: Row[], run: { backend: Backend; topology: Topology; rate: number; seconds: number; maxHz: number; client: FleetClientKind; devices: number; smoke: boolean }): void {
  console.log(`\nbench:fanout (${run.backend}, ${run.topology}) — paced ingest at ${run.rate} msg/s target, ${run.devices} devices, ${run.client} clients subscribed to room "all" at maxHz ${run.maxHz}, ${run.seconds} s per N`);
  const header = ['clients', 'connected', 'published/s', 'stored/s', 'events/s', 'readings/s', 'frames/s/cl', 'KB/s/cl', 'p50 ms', 'p99 ms', 'p99 →srv ms', 'p99 srv→ ms', 'p99 spread ms', 'server cores', 'server RSS MB', 'server ELU', 'loop p99 ms', 'client cores'];
  console.log('  ' + header.map((h) => h.padStart(14)).join(''));
  for (const r of rows) {
    if (r.error) {
      console.log(`  ${String(r.clients).padStart(14)}  failed: ${r.error}`);
      continue;
    }
    const cells = [r.clients, r.connected, r.publishedPerSecond, r.storedPerSecond, r.eventsPerSecond, r.readingsPerSecond, r.framesPerClientSecond, r.kbPerClientSecond, r.p50Ms, r.p99Ms, r.p99ToServerMs, r.p99FromServerMs, r.p99SpreadMs, r.serverCores, r.serverRssMb, r.serverElu, r.loopDelayP99Ms, r.clientCores];
    console.log('  ' + cells.map((c) => String(c).padStart(14)).join(''));
  }
  const at = rows.find((r) => r.clients === TARGET.clients);
  const verdict = !at
    ? `not measured (no run with ${TARGET.clients} clients)`
    : at.publishedPerSecond < TARGET.rate * 0.95
      ? `NOT met: the publisher reached ${at.publishedPerSecond} of ${TARGET.rate} msg/s (p99 ${at.p99Ms} ms)`
      : at.p99Ms <= TARGET.p99Ms ? `met (p99 ${at.p99Ms} ms ≤ ${TARGET.p99Ms} ms)` : `NOT met (p99 ${at.p99Ms} ms > ${TARGET.p99Ms} ms)`;
  printTable('target', [[`p99 publish→client ≤ ${TARGET.p99Ms} ms at ${TARGET.rate} msg/s with ${TARGET.clients} ${run.client} clients at maxHz ${run.maxHz}`, verdict]]);
  console.log(JSON.stringify({ bench: 'fanout', ...run, loadAvg1m: round2(loadavg()[0]!), rows, targetMet: at ? verdict.startsWith('met') : null }));
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
