import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TEST_PG_ADMIN_URL } from '@tianyan/testing';
import { BinaryCopyWriter, type BinaryColumnType } from './binary-copy';
import { Float8ArrayValue } from './float8-array-value';
import { sendCopy } from './staged-copy';

const TYPES: BinaryColumnType[] = ['int8', 'float8', 'int2', 'int4', 'int8', 'bool', 'text', 'jsonb', 'timestamptz', 'bytea'];
const ALL = TYPES.map((_, i) => i);
type Row = [number, number | null, number | null, number | null, number | null, boolean | null, string | null, string | null, number | null, string | null];

/** PostgreSQL itself reads what the writer sends: every type at its edges, NULLs, and rows across chunks. */
describe('BinaryCopyWriter on PostgreSQL', () => {
  const client = new Client({ connectionString: TEST_PG_ADMIN_URL });

  beforeAll(async () => {
    await client.connect();
    await client.query(`CREATE TEMP TABLE binary_copy (id int8, f float8, s int2, i int4, b int8, ok bool, t text, j jsonb, ts timestamptz, bytes bytea)`);
  });
  afterAll(() => client.end());
  beforeEach(() => client.query('TRUNCATE binary_copy'));

  const copy = (rows: readonly Row[]) => {
    const writer = new BinaryCopyWriter();
    for (const row of rows) writer.row(TYPES, row, ALL);
    return sendCopy(client, 'COPY binary_copy FROM STDIN (FORMAT binary)', writer.finish());
  };
  const readBack = async () =>
    (
      await client.query<{ id: string; f: number; s: number; i: number; b: string; ok: boolean; t: string; j: unknown; ts_ms: number; bytes: Buffer }>(
        `SELECT id, f, s, i, b, ok, t, j, (extract(epoch FROM ts) * 1000)::float8 AS ts_ms, bytes FROM binary_copy ORDER BY id`,
      )
    ).rows;

  it('stores every type exactly, at its edges', async () => {
    const bytes = randomBytes(1537);
    const rows: Row[] = [
      [1, 0.1, -32768, -2147483648, -(2 ** 53 - 1), true, '', '{}', 0, ''],
      [2, -1e308, 32767, 2147483647, 2 ** 53 - 1, false, 'ASCII only', '[1,2.5,"x"]', -1, bytes.toString('base64')],
      [3, 5e-324, 0, 0, 4294967296, true, '天眼 · 苯 ppm', '{"name":"苯","ppm":1.25}', 946_684_800_000, Buffer.from([0, 255]).toString('base64')],
      [4, 123456.789, -1, -1, -1, false, 'x'.repeat(47) + 'é', '{"deep":{"a":[null,true]}}', 946_684_799_999, null],
      [5, null, null, null, 4294967295, null, null, null, Date.UTC(2026, 10, 24, 9, 30, 15, 123), null],
    ];
    expect(await copy(rows)).toBe(5);
    const stored = await readBack();
    expect(stored.map((r) => [r.f, r.s, r.i, Number(r.b), r.ok, r.t, r.j, r.ts_ms])).toEqual(
      rows.map((r) => [r[1], r[2], r[3], r[4], r[5], r[6], r[7] === null ? null : JSON.parse(r[7]), r[8]]),
    );
    expect(stored[0]!.bytes).toEqual(Buffer.alloc(0));
    expect(stored[1]!.bytes).toEqual(bytes);
    expect(stored[2]!.bytes).toEqual(Buffer.from([0, 255]));
    expect(stored[3]!.bytes).toBeNull();
    expect(stored[1]!.b).toBe(String(2 ** 53 - 1));
  });

  it('stores float8[] values exactly, empty and long ones included, and chunks through them', async () => {
    await client.query('CREATE TEMP TABLE IF NOT EXISTS binary_arrays (id int8, a float8[])');
    const arrays = [[], [0.41, 0.43, 0.39], [-1e308, 5e-324, 0, 123456.789], Array.from({ length: 5000 }, (_, i) => i / 7)];
    const writer = new BinaryCopyWriter();
    arrays.forEach((values, id) => writer.row(['int8', 'float8[]'], [id, new Float8ArrayValue(values)], [0, 1]));
    writer.row(['int8', 'float8[]'], [arrays.length, null], [0, 1]);
    expect(await sendCopy(client, 'COPY binary_arrays FROM STDIN (FORMAT binary)', writer.finish())).toBe(arrays.length + 1);
    const stored = await client.query<{ a: number[] | null; text: string | null }>('SELECT a, a::text AS text FROM binary_arrays ORDER BY id');
    expect(stored.rows.map((r) => r.a)).toEqual([...arrays, null]);
    // The same literal the text paths send.
    expect(stored.rows[1]!.text).toBe(new Float8ArrayValue(arrays[1]!).toPostgres());
  });

  it('sends rows across chunk boundaries, long and multi-byte values included', async () => {
    const long = '苯'.repeat(100_000); // 300 KB of UTF-8: more than one chunk on its own
    const rows: Row[] = Array.from({ length: 3000 }, (_, i) => [i, i / 7, i % 100, i, i * 1000, i % 2 === 0, `device-${i}-${'ü'.repeat(i % 60)}`, `{"i":${i}}`, Date.UTC(2026, 0, 1) + i, null]);
    rows[1500]![6] = long;
    expect(await copy(rows)).toBe(3000);
    const stored = await readBack();
    expect(stored).toHaveLength(3000);
    expect(stored[1500]!.t).toBe(long);
    expect(stored[2999]).toMatchObject({ f: 2999 / 7, s: 99, t: `device-2999-${'ü'.repeat(59)}`, j: { i: 2999 }, ts_ms: Date.UTC(2026, 0, 1) + 2999 });
  });
});
