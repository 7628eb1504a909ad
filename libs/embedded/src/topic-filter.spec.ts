import { filterCovers, topicMatches } from './topic-filter';
import { mosquittoPasswordHash, renderMosquittoAclFile, deviceMosquittoAccount, verifyMosquittoHash } from './mosquitto-auth';

describe('broker ACL matching', () => {
  it('matches topics against filters', () => {
    expect(topicMatches('tianyan/v1/drone/d1/#', 'tianyan/v1/drone/d1/telemetry')).toBe(true);
    expect(topicMatches('tianyan/v1/drone/d1/#', 'tianyan/v1/drone/d2/telemetry')).toBe(false);
    expect(topicMatches('tianyan/v1/drone/d1/#', 'tianyan/v1/ms/d1/survey')).toBe(false);
    expect(topicMatches('tianyan/+/x', 'tianyan/v1/x')).toBe(true);
    expect(topicMatches('a/b', 'a/b/c')).toBe(false);
  });

  it('lets a subscription through only inside the allowed filter, shared subscriptions by their filter', () => {
    expect(filterCovers('tianyan/#', 'tianyan/#')).toBe(true);
    expect(filterCovers('tianyan/#', '$share/ingest/tianyan/#')).toBe(true);
    expect(filterCovers('tianyan/v1/drone/d1/#', 'tianyan/v1/drone/d1/+')).toBe(true);
    expect(filterCovers('tianyan/v1/drone/d1/#', 'tianyan/v1/drone/+/telemetry')).toBe(false);
    expect(filterCovers('tianyan/v1/drone/d1/#', 'tianyan/#')).toBe(false);
    expect(filterCovers('tianyan/v1/drone/d1/#', '#')).toBe(false);
  });
});

describe('Mosquitto password file and ACL', () => {
  it('writes $7$ PBKDF2-SHA512 hashes that verify the secret and nothing else', async () => {
    const hash = await mosquittoPasswordHash('s3cret', 1000);
    expect(hash).toMatch(/^\$7\$1000\$[A-Za-z0-9+/=]{16}\$[A-Za-z0-9+/=]{88}$/);
    expect(await verifyMosquittoHash('s3cret', hash)).toBe(true);
    expect(await verifyMosquittoHash('s3creT', hash)).toBe(false);
  });

  it('gives a device read/write under its own prefix only', () => {
    const acl = renderMosquittoAclFile([deviceMosquittoAccount('drone-01', 'drone', '$7$1$x$y')]);
    expect(acl).toContain('user drone-01\ntopic readwrite tianyan/v1/drone/drone-01/#');
    expect(() => renderMosquittoAclFile([deviceMosquittoAccount('bad id', 'drone', 'h')])).toThrow();
  });
});
