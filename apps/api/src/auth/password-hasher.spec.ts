import { BCRYPT_COST, DUMMY_HASH, hashSecret, verifySecret } from './password-hasher';

// Under Jest the jobs run in-process (the worker thread needs the compiled app); the browser suite
// signs in against the compiled app, where they run in the thread.
describe('password hasher', () => {
  it('verifies the secret it hashed, at the configured cost, and refuses any other', async () => {
    const hash = await hashSecret('s3cret-pass');
    expect(hash).toMatch(new RegExp(`^\\$2[aby]\\$${BCRYPT_COST}\\$`));
    await expect(verifySecret('s3cret-pass', hash)).resolves.toBe(true);
    await expect(verifySecret('S3cret-pass', hash)).resolves.toBe(false);
    await expect(verifySecret('s3cret-pass', DUMMY_HASH)).resolves.toBe(false);
  });
});
