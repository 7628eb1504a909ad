import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import {
  ingestServiceAccount, renderMosquittoAclFile, renderMosquittoPasswordFile, serviceMosquittoAccount,
  type MosquittoAccount, type ServiceAccount,
} from '@tianyan/embedded';
import { freePort } from './free-port';
import { pollUntil } from './poll-until';

export interface BrokerLogin {
  username: string;
  password: string;
}

export interface MosquittoProcess {
  url: string;
  /** The broker's process (benches read its CPU time). */
  pid: number;
  /** Ingest's service account (read tianyan/#). */
  ingest: BrokerLogin;
  /**
   * A test-only account that may publish anywhere under tianyan/ (malformed topics included), for
   * tests of ingest rather than of device access. Never part of a generated production ACL.
   */
  fleet: BrokerLogin;
  /**
   * Replaces the device part of the password file and ACL (as `npm run broker:acl` renders them),
   * reloads the broker (SIGHUP) and resolves once the new files are in force.
   */
  setDeviceAuth(files: { passwd: string; acl: string }): Promise<void>;
  stop(): Promise<void>;
}

/** The test fleet's rights: publish anything under tianyan/ (malformed topics included). */
export function testFleetAccount(password: string): ServiceAccount {
  return { username: 'test-fleet', password, publish: ['tianyan/#'], subscribe: [] };
}

/**
 * A real Mosquitto with the project's config (deploy/mosquitto/mosquitto.conf: no anonymous
 * clients, password file and ACL) on a spare port, beside the machine's default one, whose limits
 * would throttle deferred acknowledgements. The harness provisions ingest's account and a test fleet,
 * and `extraAccounts` (benches: their references' own topic root, which ingest does not read).
 */
export async function startMosquitto(options: { extraAccounts?: ServiceAccount[] } = {}): Promise<MosquittoProcess> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'tianyan-mosquitto-'));
  // Started as root, Mosquitto drops to its own user, which must read the files (test secrets only).
  await chmod(dir, 0o755);
  const shipped = await readFile(projectFile('deploy/mosquitto/mosquitto.conf'), 'utf8');
  const passwdPath = join(dir, 'passwd');
  const aclPath = join(dir, 'acl');
  const conf = shipped
    .replace(/^persistence_location .*$/m, `persistence_location ${dir}/`)
    .replace(/^listener .*$/m, `listener ${port} 127.0.0.1`)
    .replace(/^sys_interval .*$/m, 'sys_interval 1')
    .replace(/^password_file .*$/m, `password_file ${passwdPath}`)
    .replace(/^acl_file .*$/m, `acl_file ${aclPath}`);
  if (!/^allow_anonymous false$/m.test(conf) || !conf.includes(passwdPath) || !conf.includes(aclPath)) {
    throw new Error('deploy/mosquitto/mosquitto.conf must set allow_anonymous false, password_file and acl_file');
  }
  const confPath = join(dir, 'mosquitto.conf');
  await writeFile(confPath, conf);
  const url = `mqtt://127.0.0.1:${port}`;
  const ingest = { username: 'tianyan-ingest', password: randomBytes(18).toString('base64url') };
  const fleet = { username: 'test-fleet', password: randomBytes(18).toString('base64url') };
  const harness: MosquittoAccount[] = [
    await serviceMosquittoAccount(ingestServiceAccount(ingest.username, ingest.password)),
    await serviceMosquittoAccount(testFleetAccount(fleet.password)),
    ...(await Promise.all((options.extraAccounts ?? []).map((a) => serviceMosquittoAccount(a)))),
  ];
  // A fresh sentinel password per write: once it is accepted, the broker has read the new files.
  const writeAuth = async (devices: { passwd: string; acl: string }): Promise<BrokerLogin> => {
    const sentinel = { username: 'harness-sentinel', password: randomBytes(12).toString('base64url') };
    const accounts = [...harness, await serviceMosquittoAccount({ ...sentinel, publish: [], subscribe: [] })];
    await writeFile(passwdPath, renderMosquittoPasswordFile(accounts) + devices.passwd, { mode: 0o644 });
    await writeFile(aclPath, renderMosquittoAclFile(accounts, 'the test harness') + '\n' + devices.acl, { mode: 0o644 });
    return sentinel;
  };
  await writeAuth({ passwd: '', acl: '' });
  const child: ChildProcess = spawn('mosquitto', ['-c', confPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  // The shipped config logs to stdout: keep the tail of both streams for the error message.
  let stderr = '';
  const keep = (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  await waitForPort(port, 5000).catch(() => {
    child.kill('SIGKILL');
    throw new Error(`mosquitto did not start on ${port}: ${stderr}`);
  });
  return {
    url,
    pid: child.pid!,
    ingest,
    fleet,
    setDeviceAuth: async (files) => {
      const sentinel = await writeAuth(files);
      child.kill('SIGHUP');
      await pollUntil(
        () => mqtt.connectAsync(url, { ...sentinel, reconnectPeriod: 0, connectTimeout: 2000 }).then((c) => c.endAsync().then(() => true), () => false),
        (ok) => ok,
        { what: 'Mosquitto to reload its password file', intervalMs: 100 },
      );
    },
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
