import { webhookPatchSchema } from './webhook-patch.schema';

describe('webhook PATCH body', () => {
  it('leaves out what is not sent (no defaults creep in)', () => {
    expect(webhookPatchSchema.parse({ enabled: false })).toEqual({ enabled: false });
    expect(webhookPatchSchema.parse({ minLevel: 'orange', events: ['state'] })).toEqual({ minLevel: 'orange', events: ['state'] });
  });

  it('removes the secret with null and sets it with a string', () => {
    expect(webhookPatchSchema.parse({ secret: null })).toEqual({ secret: null });
    expect(webhookPatchSchema.parse({ secret: 'SECabc' })).toEqual({ secret: 'SECabc' });
  });

  it('refuses an empty change, unknown fields and what the contract refuses', () => {
    expect(webhookPatchSchema.safeParse({}).success).toBe(false);
    expect(webhookPatchSchema.safeParse({ hasSecret: true }).success).toBe(false);
    expect(webhookPatchSchema.safeParse({ url: 'ftp://example.org' }).success).toBe(false);
    expect(webhookPatchSchema.safeParse({ events: [] }).success).toBe(false);
    expect(webhookPatchSchema.safeParse({ minLevel: 'purple' }).success).toBe(false);
  });
});
