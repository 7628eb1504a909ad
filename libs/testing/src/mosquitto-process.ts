import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { connect } from 'node:net';
import { freePort } from './free-port';

export interface MosquittoProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real Mosquitto with the project's config (deploy/mosquitto/mosquitto.conf) on a spare port,
 * beside the machine's default one, whose limits would throttle deferred acknowledgements.
 */
export async function startMosquitto(): Promise<MosquittoProcess> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'tianyan-mosquitto-'));
  const shipped = await readFile(projectFile('deploy/mosquitto/mosquitto.conf'), 'utf8');
  const conf = shipped
    .replace(/^persistence_location .*$/m, `persistence_location ${dir}/`)
    .replace(/^listener .*$/m, `listener ${port} 127.0.0.1`);
  const confPath = join(dir, 'mosquitto.conf');
  await writeFile(confPath, conf);
  const child: ChildProcess = spawn('mosquitto', ['-c', confPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  await waitForPort(port, 5000).catch(() => {
    child.kill('SIGKILL');
    throw new Error(`mosquitto did not start on ${port}: ${stderr}`);
  });
  return {
    url: `mqtt://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((r) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        r(true);
      });
      socket.once('error', () => r(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A file of the repository, found from here whether running from source or from dist/. */
function projectFile(relative: string): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
  }
  throw new Error(`${relative} not found above ${__dirname}`);
}
