import bcrypt from 'bcryptjs';

/** What the bcrypt thread is asked to do (password-hasher.ts); also run in-process under Jest. */
export type BcryptJob = { op: 'hash'; secret: string; cost: number } | { op: 'compare'; secret: string; hash: string };
export type BcryptResult = string | boolean;

export function runBcryptJob(job: BcryptJob): BcryptResult {
  return job.op === 'hash' ? bcrypt.hashSync(job.secret, job.cost) : bcrypt.compareSync(job.secret, job.hash);
}
