import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { postgresReachable, startBenchServers, type Backend, type BenchServers } from './support/bench-servers';
import { buildMessageMix } from './support/message-mix';
import { connectPublishers, publisherKind, publishPaced } from './support/mqtt-publisher';
import { mb, sampleProcess } from './support/proc-stats';
import { round1, round2, runtimeSamples } from './support/runtime-samples';
import { startSocketFleet } from './support/socket-fleet';
import { ingestStats, signIn, startTianyan, storedOnce } from './support/tianyan-process';
import { linearFit } from './support/stats';

/** Issue 9's target: RSS grows by less than this share from minute 2 to the end of the soak (its trend). */
const MAX_RSS_GROWTH = 0.1;

/**
 * bench:soak — `--minutes` (10) of paced ingest at `--rate` (10k msg/s) with `--clients` (50) live
 * Socket.IO clients. Every `--every` seconds: the Tianyan process's RSS (/proc), heap used and
 * event-loop delay (from the runtime probe preloaded into it), messages stored, database size; at
 * the end write amplification (database bytes grown ÷ payload bytes stored) and whether RSS stayed flat.
 *   npm run bench:soak -- [--minutes 10] [--rate 10000] [--clients 50] [--every 10]
 */
interface Sample {
  second: number;
  publishedPerSecond: number;
  storedPerSecond: number;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  /** Heap used after the interval's last full collection (the live heap); NaN when none ran. */
  liveHeapMb: number;
  /** Buffers and ArrayBuffers outside the V8 heap. */
  externalMb: number;
  loopDelayP99Ms: number;
  elu: number;
  dbMb: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      rate: { type: 'string', default: '10000' },
      clients: { type: 'string', default: '50' },
      every: { type: 'string', default: '10' },
      devices: { type: 'string', default: '200' },
      publishers: { type: 'string', default: '2' },
      publisher: { type: 'string', default: 'lean' },
      'max-hz': { type: 'string', default: '20' },
      backend: { type: 'string', default: 'auto' },
      smoke: { type: 'boolean', default: false },
    },
  });
  const smoke = values.smoke;
  const seconds = smoke ? 15 : Number(values.minutes) * 60;
  const rate = smoke ? 2000 : Number(values.rate);
  const clients = smoke ? 5 : Number(values.clients);
  const everyS = smoke ? 5 : Number(values.every);
  const backend: Backend = values.backend === 'auto' ? ((await postgresReachable()) ? 'real' : 'embedded') : (values.backend as Backend);
  const messages = buildMessageMix(20_000, Number(values.devices));
  const probeDir = await mkdtemp(join(tmpdir(), 'tianyan-soak-'));
  const runtimeFile = join(probeDir, 'runtime.jsonl');

  const servers = await startBenchServers(backend);
  try {
    // A token that outlives the soak: the gateway ends a socket when its token expires.
    const tianyan = await startTianyan({ ...servers.env, AUTH_ACCESS_TTL_S: String(Math.min(86_400, seconds + 600)) }, { runtimeFile, runtimeEveryMs: everyS * 1000 });
    const dbSize = databaseSize(servers);
    try {
      const token = await signIn(tianyan.baseUrl);
      const fleet = await startSocketFleet({ clients, perProcess: 50, baseUrl: tianyan.baseUrl, token, maxHz: Number(values['max-hz']), client: 'full' });
      const samples: Sample[] = [];
      let payloadBytes = 0;
      let published = 0;
      try {
        const publishers = await connectPublishers(Number(values.publishers), servers.mqttUrl, servers.publisherLogin, 'pub', publisherKind(values.publisher));
        const db0 = await dbSize.read();
        const stats0 = await ingestStats(tianyan.baseUrl, token);
        const t0 = Date.now();
        let last = { at: t0, published: 0, committed: 0 };
        const pending: Promise<void>[] = [];
        let sampleError: Error | undefined;
        const sample = async (sent: number): Promise<void> => {
          const now = Date.now();
          const [proc, s, db] = [sampleProcess(tianyan.pid), await ingestStats(tianyan.baseUrl, token), await dbSize.read()];
          const runtime = runtimeSamples(runtimeFile).at(-1);
          const committed = storedOnce(s) - storedOnce(stats0);
          const dt = (now - last.at) / 1000;
          samples.push({
            second: Math.round((now - t0) / 1000),
            publishedPerSecond: Math.round((sent - last.published) / dt), storedPerSecond: Math.round((committed - last.committed) / dt),
            rssMb: mb(proc.rssBytes), heapUsedMb: runtime ? mb(runtime.heapUsedBytes) : NaN, heapTotalMb: runtime ? mb(runtime.heapTotalBytes) : NaN,
            liveHeapMb: runtime?.liveHeapBytes ? mb(runtime.liveHeapBytes) : NaN, externalMb: runtime ? mb(runtime.externalBytes) : NaN,
            loopDelayP99Ms: runtime ? round1(runtime.loopDelayP99Ms) : NaN, elu: runtime ? round2(runtime.elu) : NaN, dbMb: mb(db - db0),
          });
          last = { at: now, published: sent, committed };
          const x = samples.at(-1)!;
          console.log(`  t=${String(x.second).padStart(4)} s  published/s ${x.publishedPerSecond}  stored/s ${x.storedPerSecond}  RSS ${x.rssMb} MB  heap ${x.heapUsedMb}/${x.heapTotalMb} MB (live ${Number.isNaN(x.liveHeapMb) ? 'no full GC' : x.liveHeapMb})  external ${x.externalMb} MB  loop p99 ${x.loopDelayP99Ms} ms  ELU ${x.elu}  DB +${x.dbMb} MB`);
        };
        console.log(`\nbench:soak (${backend}) — ${seconds} s at ${rate} msg/s target, ${clients} clients, a sample every ${everyS} s`);
        const paced = await publishPaced(publishers, messages, {
          rate, durationMs: seconds * 1000, everyMs: everyS * 1000,
          // A failed sample (Tianyan gone: /proc/<pid> missing) must not become an unhandled rejection.
          onTick: (sent) => void pending.push(sample(sent).catch((err: Error) => void (sampleError ??= err))),
        });
        await Promise.all(pending);
        if (sampleError) throw new Error(`sampling failed (did the Tianyan process exit?): ${sampleError.message}`);
        await sample(paced.published);
        published = paced.published;
        payloadBytes = paced.payloadBytes;
        // Let ingest drain what was published, then the final size.
        const deadline = Date.now() + 60_000;
        let s = await ingestStats(tianyan.baseUrl, token);
        while (storedOnce(s) - storedOnce(stats0) < published && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 200));
          s = await ingestStats(tianyan.baseUrl, token);
        }
        const committed = storedOnce(s) - storedOnce(stats0);
        // The raw counters, for telling a broker that stopped delivering from an ingest that stopped storing.
        console.log(`  ingest counters at the end: ${JSON.stringify(s)}`);
        const dbGrowth = (await dbSize.read()) - db0;
        await Promise.all(publishers.map((p) => p.endAsync()));
        const redelivered = { duplicates: s.readingsDuplicate - stats0.readingsDuplicate, reconnects: s.connects - stats0.connects };
        report({ backend, smoke, seconds, rate, clients, published, committed, payloadBytes, dbGrowth, samples, achieved: paced.achievedPerSecond, ...redelivered });
      } finally {
        await fleet.stop();
      }
    } finally {
      await dbSize.close();
      await tianyan.stop();
    }
  } finally {
    await servers.stop();
    await rm(probeDir, { recursive: true, force: true });
  }
}

/** pg_database_size on PostgreSQL; on the embedded database (one connection, held by Tianyan) the size of its data directory. */
function databaseSize(servers: BenchServers): { read(): Promise<number>; close(): Promise<void> } {
  if (servers.backend === 'embedded') return { read: () => directoryBytes(servers.env.EMBEDDED_DB_DIR!), close: async () => undefined };
  const client = new Client({ connectionString: servers.databaseUrl });
  const connected = client.connect();
  return {
    read: async () => {
      await connected;
      return Number((await client.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n')).rows[0]!.n);
    },
    close: () => client.end().catch(() => undefined),
  };
}

async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

function report(r: { backend: Backend; smoke: boolean; seconds: number; rate: number; clients: number; published: number; committed: number; payloadBytes: number; dbGrowth: number; samples: Sample[]; achieved: number; duplicates: number; reconnects: number }): void {
  // RSS from minute 2 (warm: pools, JIT, caches filled) to the end; a short run uses its first third as warm-up.
  // Judged on the least-squares trend of every sample in that span, which is what a leak looks like:
  // two single samples of a collected heap differ by up to a fifth with no trend at all (session 12).
  const warmS = r.seconds >= 180 ? 120 : r.seconds / 3;
  const span = r.samples.filter((s) => s.second >= warmS);
  const from = span[0] ?? r.samples[0];
  const to = r.samples.at(-1);
  // Where the memory sits, each on its least-squares trend over the same span.
  const trendOf = (pick: (s: Sample) => number): [number, number] => {
    const points = span.filter((s) => Number.isFinite(pick(s)));
    const fit = points.length >= 2 ? linearFit(points.map((s) => s.second), points.map(pick)) : undefined;
    return fit && from && to ? [fit(from.second), fit(to.second)] : [NaN, NaN];
  };
  const [trendFrom, trendTo] = trendOf((s) => s.rssMb);
  const growth = (trendTo - trendFrom) / trendFrom;
  const parts = { heapTotal: trendOf((s) => s.heapTotalMb), liveHeap: trendOf((s) => s.liveHeapMb), external: trendOf((s) => s.externalMb) };
  const partsMb = Object.fromEntries(Object.entries(parts).map(([k, [a, b]]) => [k, { fromMb: round1(a), toMb: round1(b) }]));
  const sampleGrowth = from && to ? (to.rssMb - from.rssMb) / from.rssMb : NaN;
  const band = span.map((s) => s.rssMb);
  const storedPayload = r.payloadBytes * (r.committed / Math.max(1, r.published));
  const amplification = round2(r.dbGrowth / Math.max(1, storedPayload));
  const flat = Number.isFinite(growth) && growth < MAX_RSS_GROWTH;
  const delays = r.samples.map((s) => s.loopDelayP99Ms).filter(Number.isFinite);
  console.log(`\n  published ${r.published} (${r.achieved} msg/s), stored once ${r.committed}, loss ${r.published - r.committed}; broker reconnects ${r.reconnects}, redelivered and already stored ${r.duplicates}`);
  console.log(`  payload stored ${mb(storedPayload)} MB, database grew ${mb(r.dbGrowth)} MB → write amplification ${amplification}×`);
  console.log(`  event-loop delay p99 per sample: max ${Math.max(...delays)} ms`);
  console.log(`  RSS trend ${round1(trendFrom)} MB at ${from?.second} s → ${round1(trendTo)} MB at ${to?.second} s: ${round1(growth * 100)}% → ${flat ? 'met' : 'NOT met'} (< ${MAX_RSS_GROWTH * 100}%)`);
  const [liveFrom, liveTo] = parts.liveHeap;
  const liveGrowth = (liveTo - liveFrom) / liveFrom;
  // RSS keeps the high-water mark of the V8 heap (a backlog while the machine is starved grows it and
  // nothing shrinks it under load); a leak shows as a rising live heap (session 17).
  console.log(
    Number.isFinite(liveGrowth)
      ? `  live heap trend ${round1(liveFrom)} → ${round1(liveTo)} MB: ${round1(liveGrowth * 100)}% (what a leak would raise)`
      : '  live heap trend: fewer than two samples with a full collection (a short run)',
  );
  console.log(`  on the same trend: V8 heap reserved ${round1(parts.heapTotal[0])} → ${round1(parts.heapTotal[1])} MB, live heap after full collections ${round1(parts.liveHeap[0])} → ${round1(parts.liveHeap[1])} MB, external buffers ${round1(parts.external[0])} → ${round1(parts.external[1])} MB; the rest of RSS is code, stacks and the native allocator`);
  console.log(`  RSS samples ${from?.rssMb} MB at ${from?.second} s → ${to?.rssMb} MB at ${to?.second} s (${round1(sampleGrowth * 100)}%), between ${Math.min(...band)} and ${Math.max(...band)} MB`);
  console.log(JSON.stringify({
    bench: 'soak', backend: r.backend, smoke: r.smoke, loadAvg1m: round2(loadavg()[0]!), seconds: r.seconds, targetRate: r.rate, publishedPerSecond: r.achieved, clients: r.clients,
    published: r.published, stored: r.committed, loss: r.published - r.committed, reconnects: r.reconnects, duplicates: r.duplicates, payloadMb: mb(storedPayload), dbGrowthMb: mb(r.dbGrowth), writeAmplification: amplification,
    rssTrendFromMb: round1(trendFrom), rssTrendToMb: round1(trendTo), rssGrowthPct: round1(growth * 100), rssFlat: flat, liveHeapGrowthPct: round1(liveGrowth * 100), trends: partsMb,
    rssFromMb: from?.rssMb, rssToMb: to?.rssMb, rssSampleGrowthPct: round1(sampleGrowth * 100), rssMinMb: Math.min(...band), rssMaxMb: Math.max(...band), maxLoopDelayP99Ms: Math.max(...delays), samples: r.samples,
  }));
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
