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

  it('serves a protocol message split across many TCP reads (a 300 KB parameter), then many queries in order', async () => {
    const db = await startEmbeddedDatabase({ port: 0, dataDir });
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const big = 'x'.repeat(300_000);
      expect((await client.query('SELECT length($1::text) AS n', [big])).rows).toEqual([{ n: 300_000 }]);
      // Many extended-protocol round trips with 4 KB replies: each reply belongs to its query.
      for (let i = 0; i < 50; i++) {
        const { rows } = await client.query('SELECT $1::int AS i, repeat($2, 2000) AS pad', [i, 'ab']);
        expect(rows.map((r: { i: number; pad: string }) => [r.i, r.pad.length])).toEqual([[i, 4000]]);
      }
    } finally {
      await client.end();
      await db.stop();
    }
  });

  it('serves clients one at a time: a second one waits for the first, which cannot leave an open transaction behind', async () => {
    const db = await startEmbeddedDatabase({ port: 0, dataDir });
    try {
      const first = new Client({ connectionString: db.url });
      await first.connect();
      await first.query('CREATE TABLE turns (v int)');
      await first.query('BEGIN');
      await first.query('INSERT INTO turns VALUES (1)');

      const second = new Client({ connectionString: db.url });
      const secondReady = second.connect().then(() => second.query('SELECT count(*)::int AS n FROM turns'));
      let answered = false;
      void secondReady.then(() => (answered = true));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(answered).toBe(false);

      await first.end(); // leaves with its transaction open
      expect((await secondReady).rows).toEqual([{ n: 0 }]);
      await second.query('INSERT INTO turns VALUES (2)');
      expect((await second.query('SELECT v FROM turns')).rows).toEqual([{ v: 2 }]);
      await second.end();
    } finally {
      await db.stop();
    }
  });
});
