import bcrypt from 'bcryptjs';

/** bcrypt cost for people's passwords and device secrets (≥ 10; ~0.1 s each in pure JS). */
export const BCRYPT_COST = 10;

export function hashSecret(secret: string): Promise<string> {
  return bcrypt.hash(secret, BCRYPT_COST);
}

export function verifySecret(secret: string, hash: string): Promise<boolean> {
  return bcrypt.compare(secret, hash);
}

/** Compared against when the username is unknown, so a miss costs as much time as a wrong password. */
export const DUMMY_HASH = bcrypt.hashSync('tianyan-no-such-user', BCRYPT_COST);
