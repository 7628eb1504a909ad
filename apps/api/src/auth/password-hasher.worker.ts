import { parentPort } from 'node:worker_threads';
import { runBcryptJob, type BcryptJob } from './bcrypt-jobs';

/** The bcrypt thread (started by password-hasher.ts): one job at a time, answered by id. */
parentPort!.on('message', ({ id, job }: { id: number; job: BcryptJob }) => {
  try {
    parentPort!.postMessage({ id, result: runBcryptJob(job) });
  } catch (err) {
    parentPort!.postMessage({ id, error: (err as Error).message });
  }
});
