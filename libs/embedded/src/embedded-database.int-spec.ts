import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedDatabase } from './embedded-database';

describe('startEmbeddedDatabase', () => {
  let dataDir: string;
  beforeEach(async () => (dataDir = await mkdtemp(join(tmpdir(), 'tianyan-embedded-'))));
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('names EMBEDDED_DB_PORT and the port when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startEmbeddedDatabase({ port, dataDir })).rejects.toThrow(new RegExp(`port ${port} .*already in use.*EMBEDDED_DB_PORT`));
    } finally {
      blocker.close();
    }
  });

  it('serves TimescaleDB over the wire and keeps data in dataDir across restarts', async () => {
    const query = async (url: string, sql: string) => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    };
    const first = await startEmbeddedDatabase({ port: 0, dataDir });
    expect(first.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    await query(first.url, 'CREATE EXTENSION IF NOT EXISTS timescaledb; CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)');
    await first.stop();

    const second = await startEmbeddedDatabase({ port: 0, dataDir });
    try {
      expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 42 }]);
      expect(await query(second.url, `SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'timescaledb'`)).toEqual([{ n: 1 }]);
    } finally {
      await second.stop();
    }
  });
});
