import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '@tianyan/testing';

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

export interface TianyanOptions {
  /** Preloads support/runtime-probe.js, which appends heap and event-loop samples to this file. */
  runtimeFile?: string;
  runtimeEveryMs?: number;
}

export interface TianyanProcess {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/** Runs the built api (with ingest in-process) as a separate process, as in production. */
export async function startTianyan(env: Record<string, string>, opts: TianyanOptions = {}): Promise<TianyanProcess> {
  const port = await freePort();
  const main = resolve(__dirname, '../../apps/api/src/main.js');
  // BENCH_PROFILE_DIR profiles the Tianyan process only (node --cpu-prof), for docs/performance.md.
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  // The probe also ends Tianyan if the bench dies without stopping it.
  const probe = ['-r', resolve(__dirname, 'runtime-probe.js')];
  // The young-generation size production runs with (package.json start scripts, Dockerfile NODE_OPTIONS).
  const runtime = ['--max-semi-space-size=64'];
  const probeEnv = { BENCH_PARENT_PID: String(process.pid), ...(opts.runtimeFile ? { BENCH_RUNTIME_FILE: opts.runtimeFile, BENCH_RUNTIME_MS: String(opts.runtimeEveryMs ?? 10_000) } : {}) };
  const child: ChildProcess = spawn(process.execPath, [...runtime, ...profile, ...probe, main], {
    env: { ...process.env, ...probeEnv, PORT: String(port), DEMO: 'off', INGEST_AUTO_PROVISION: 'on', LOG_LEVEL: 'warn', ADMIN_PASSWORD: BENCH_ADMIN.password,
      // The bench polls ingest stats many times a second: the API's per-client limit is not what is measured.
      RATE_LIMIT_API_PER_MIN: '1000000', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Tianyan exited with ${child.exitCode} during start`);
    const ok = await fetch(`${baseUrl}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('Tianyan did not become healthy within 120 s');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    pid: child.pid!,
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
