import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@tianyan/testing';
import { startRedis } from './redis-process';

/** The first admin of the bench's Tianyan process (created from ADMIN_PASSWORD on its first start). */
export const BENCH_ADMIN = { username: 'admin', password: 'bench-admin-password' } as const;

/** Signs in as the bench admin: an access token for REST (Authorization: Bearer) and the socket (auth.token). */
export async function signIn(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BENCH_ADMIN) });
  if (!res.ok) throw new Error(`bench sign-in failed: HTTP ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** The counters of /api/ingest/stats (the subset the benches read). */
export interface IngestCounters {
  messagesReceived: number;
  messagesCommitted: number;
  readingsStored: number;
  /** Readings the broker delivered again (after a reconnect) that were already stored. */
  readingsDuplicate: number;
  batchesCommitted: number;
  quarantined: number;
  /** Mosquitto's own count of discarded messages (all clients, since it started); null on aedes. */
  brokerDropped: number | null;
  /** Broker connections made: 1 + reconnects. */
  connects: number;
}

/**
 * Messages stored once. The benches' mixes carry one reading per message and none is refused, so a
 * stored message is a stored reading or a quarantined one; `messagesCommitted` would count the
 * messages a broker redelivers after a reconnect a second time (they are stored once: duplicates).
 */
export const storedOnce = (s: IngestCounters): number => s.readingsStored + s.quarantined;

export async function ingestStats(baseUrl: string, token: string): Promise<IngestCounters> {
  const res = await fetch(`${baseUrl}/api/ingest/stats`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET /api/ingest/stats: HTTP ${res.status}`);
  return (await res.json()) as IngestCounters;
}

/**
 * How Tianyan runs: `single` is one process with ingest inside (what `npm start` runs); `split` is
 * production's docker-compose: an ingest worker (apps/ingest) and an api process with the sockets,
 * alerts and situation (INGEST_ENABLED=false), the live bus between them on a private Redis.
 */
export type Topology = 'single' | 'split';

export function topologyArg(value: string): Topology {
  if (value !== 'single' && value !== 'split') throw new Error(`--topology must be single or split, not ${value}`);
  return value;
}

export interface TianyanOptions {
  /** Preloads support/runtime-probe.js, which appends heap and event-loop samples to this file (the api process's; the ingest worker's to `<file>.ingest`). */
  runtimeFile?: string;
  runtimeEveryMs?: number;
  topology?: Topology;
}

export interface TianyanProcess {
  baseUrl: string;
  topology: Topology;
  /** The api process: REST and sockets (and ingest, in `single`). */
  pid: number;
  /** Every Tianyan process, for CPU and RSS. */
  pids: number[];
  stop(): Promise<void>;
}

/** Runs the built Tianyan in processes of its own, as in production (`env`: where its servers are, BenchServers.env). */
export async function startTianyan(env: Record<string, string>, opts: TianyanOptions = {}): Promise<TianyanProcess> {
  const topology = opts.topology ?? 'single';
  const port = await freePort();
  const baseEnv = { ...env, PORT: String(port) };
  if (topology === 'single') {
    const api = spawnTianyan('apps/api/src/main.js', baseEnv, opts.runtimeFile, opts);
    await untilReady(api, () => fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false));
    return { baseUrl: `http://127.0.0.1:${port}`, topology, pid: api.pid, pids: [api.pid], stop: api.stop };
  }
  // The worker needs servers of its own, as in production: not the embedded ones the api would start.
  if (!env.DATABASE_URL || !env.MQTT_URL) throw new Error('the split topology needs the real PostgreSQL and broker (--backend real)');
  const redis = await startRedis();
  const started: SpawnedNode[] = [];
  try {
    // The api first: it migrates the database, which the worker then finds ready.
    const api = spawnTianyan('apps/api/src/main.js', { ...baseEnv, REDIS_URL: redis.url, INGEST_ENABLED: 'false' }, opts.runtimeFile, opts);
    started.push(api);
    await untilReady(api, () => fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false));
    const healthDir = await mkdtemp(join(tmpdir(), 'tianyan-ingest-'));
    const healthFile = join(healthDir, 'health');
    const ingest = spawnTianyan('apps/ingest/src/main.js', { ...baseEnv, REDIS_URL: redis.url, INGEST_HEALTH_FILE: healthFile }, opts.runtimeFile && `${opts.runtimeFile}.ingest`, opts);
    started.push(ingest);
    // Touched once subscribed: from then on the broker keeps what the bench publishes for it.
    await untilReady(ingest, () => access(healthFile).then(() => true, () => false));
    return {
      baseUrl: `http://127.0.0.1:${port}`, topology, pid: api.pid, pids: [api.pid, ingest.pid],
      stop: async () => {
        await ingest.stop();
        await api.stop();
        await redis.stop();
        await rm(healthDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    for (const proc of started.reverse()) await proc.stop();
    await redis.stop();
    throw err;
  }
}

interface SpawnedNode {
  pid: number;
  exited(): boolean;
  stop(): Promise<void>;
}

function spawnTianyan(main: string, env: Record<string, string>, runtimeFile: string | undefined, opts: TianyanOptions): SpawnedNode {
  // BENCH_PROFILE_DIR profiles the Tianyan processes only (node --cpu-prof), for docs/performance.md.
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  // The probe also ends Tianyan if the bench dies without stopping it.
  const probe = ['-r', resolve(__dirname, 'runtime-probe.js')];
  // The heap production runs with (package.json start scripts, Dockerfile, docker-compose.yml), and
  // BENCH_NODE_FLAGS for experiments (V8 flags NODE_OPTIONS refuses; a later flag overrides an earlier one).
  const runtime = ['--max-semi-space-size=64', '--heap-growing-percent=100', ...(process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean)];
  const probeEnv = { BENCH_PARENT_PID: String(process.pid), ...(runtimeFile ? { BENCH_RUNTIME_FILE: runtimeFile, BENCH_RUNTIME_MS: String(opts.runtimeEveryMs ?? 10_000) } : {}) };
  const child: ChildProcess = spawn(process.execPath, [...runtime, ...profile, ...probe, resolve(__dirname, '../..', main)], {
    env: { ...process.env, ...probeEnv, DEMO: 'off', INGEST_AUTO_PROVISION: 'on', LOG_LEVEL: 'warn', ADMIN_PASSWORD: BENCH_ADMIN.password,
      // The bench polls ingest stats many times a second: the API's per-client limit is not what is measured.
      RATE_LIMIT_API_PER_MIN: '1000000', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return {
    pid: child.pid!,
    exited: () => child.exitCode !== null,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        // Graceful shutdown drains ingest; a process that stalls past 30 s is killed.
        const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', () => {
          clearTimeout(kill);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}

async function untilReady(proc: SpawnedNode, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await ready())) {
    if (proc.exited()) throw new Error('a Tianyan process exited during start');
    if (Date.now() > deadline) {
      await proc.stop();
      throw new Error('Tianyan did not become ready within 120 s');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
