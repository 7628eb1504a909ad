import { ServiceUnavailableException } from '@nestjs/common';
import { loadConfig } from '@tianyan/config';
import { freePort } from '@tianyan/testing';
import { RedisIngestTotals } from './ingest-totals';

describe('RedisIngestTotals', () => {
  it('answers 503 with the reason when Redis does not answer, rather than a bare 500', async () => {
    const totals = new RedisIngestTotals(loadConfig({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` }));
    try {
      const read = totals.read();
      await expect(read).rejects.toBeInstanceOf(ServiceUnavailableException);
      await expect(read).rejects.toThrow(/Redis, which does not answer/);
    } finally {
      totals.onApplicationShutdown();
    }
  });
});
