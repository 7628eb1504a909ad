import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import bcrypt from 'bcryptjs';
import { runBcryptJob, type BcryptJob, type BcryptResult } from './bcrypt-jobs';

/** bcrypt cost for people's passwords and device secrets (≥ 10; ~0.1 s each in pure JS). */
export const BCRYPT_COST = 10;

/**
 * bcrypt off the event loop. bcryptjs is pure JavaScript, and its async API still computes on the
 * calling thread in slices of up to 100 ms: at cost 10 each sign-in and each device's broker login
 * held the loop ~75 ms, and live readings, MQTT intake and every request waited behind it (seen in
 * bench:fanout's profile). Compiled (dist), the work runs in one worker thread; under Jest
 * (TypeScript sources, which a worker cannot load) in-process.
 */
class BcryptThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (r: BcryptResult) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  constructor(private readonly threaded: boolean) {}

  run(job: BcryptJob): Promise<BcryptResult> {
    if (!this.threaded) return Promise.resolve().then(() => runBcryptJob(job));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      (this.worker ??= this.start()).postMessage({ id, job });
    });
  }

  private start(): Worker {
    const worker = new Worker(resolve(__dirname, 'password-hasher.worker.js'));
    worker.on('message', ({ id, result, error }: { id: number; result?: BcryptResult; error?: string }) => {
      const job = this.pending.get(id);
      this.pending.delete(id);
      if (error !== undefined) job?.reject(new Error(error));
      else job?.resolve(result!);
    });
    const lost = (err: Error): void => {
      if (this.worker !== worker) return;
      // The next job starts a fresh thread; the jobs this one held fail rather than hang.
      this.worker = null;
      for (const job of this.pending.values()) job.reject(err);
      this.pending.clear();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the bcrypt thread exited with code ${code}`)));
    // Idle, it must not keep the process alive (after the listeners: adding one refs it again).
    worker.unref();
    return worker;
  }
}

const thread = new BcryptThread(__filename.endsWith('.js'));

export async function hashSecret(secret: string): Promise<string> {
  return (await thread.run({ op: 'hash', secret, cost: BCRYPT_COST })) as string;
}

export async function verifySecret(secret: string, hash: string): Promise<boolean> {
  return (await thread.run({ op: 'compare', secret, hash })) as boolean;
}

/** Compared against when the username is unknown, so a miss costs as much time as a wrong password. */
export const DUMMY_HASH = bcrypt.hashSync('tianyan-no-such-user', BCRYPT_COST);
