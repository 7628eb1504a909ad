import { spawn } from 'node:child_process';
import Redis from 'ioredis';
import { freePort } from '@tianyan/testing';

export interface RedisProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * A private redis-server for one bench run (no persistence), so the split topology's live bus
 * shares no channel with anything else on the machine. Needs `redis-server` on the PATH.
 */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  // Tianyan's processes end with the bench (runtime-probe.ts); this one is ended when the bench exits.
  const endWithBench = (): void => void child.kill();
  process.once('exit', endWithBench);
  const spawned = new Promise<never>((_, reject) => child.once('error', (err) => reject(new Error(`redis-server: ${err.message} (the split topology needs it)`))));
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    // A refused probe before the server listens is expected: `connect()` reports it; without a listener ioredis prints it as unhandled.
    probe.on('error', () => undefined);
    const ok = await Promise.race([spawned, probe.connect().then(() => probe.ping()).then(() => true, () => false)]);
    probe.disconnect();
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () => new Promise<void>((done) => {
      process.off('exit', endWithBench);
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    }),
  };
}
