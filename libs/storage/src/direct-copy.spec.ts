import { DirectCopy, isoTimestamp } from './direct-copy';
import { copyTextValue } from './staged-copy';
import { familyOf, READING_FAMILIES } from './families/reading-families';
import { everyStream } from './testing/sample-readings';

describe('DirectCopy', () => {
  it.each(READING_FAMILIES.map((f) => [f.table, f] as const))('plans %s straight into its table, columns as its INSERT names them', (table, family) => {
    const direct = DirectCopy.plan(table, family.insertSql);
    expect(direct).not.toBeNull();
    const columns = /INSERT INTO \w+ \(([^)]*)\)/.exec(family.insertSql.replace(/\s+/g, ' '))![1]!.split(',').map((c) => c.trim());
    expect(direct!.copySql).toBe(`COPY ${table} (${columns.join(', ')}) FROM STDIN (FORMAT binary)`);
  });

  it('turns each stream’s unnest parameters into the row the table stores', () => {
    const base = Date.UTC(2026, 10, 24, 9, 30, 15, 123);
    for (const reading of everyStream('direct', base)) {
      const family = familyOf(reading.stream);
      const row = DirectCopy.plan(family.table, family.insertSql)!.row(family.toParams(reading));
      // time, device_id, seq, received_at, late, drill, quality, extra come first in every family.
      expect(row.slice(0, 6)).toEqual(['2026-11-24T09:30:15.123Z', reading.deviceId, reading.seq, new Date(reading.receivedAt).toISOString(), reading.late, reading.drill]);
      if (reading.stream === 'drone/thermal') {
        const frame = (reading.data as { frame: { data: string } }).frame.data;
        expect(row.at(-1)).toBe(`\\x${Buffer.from(frame, 'base64').toString('hex')}`);
        expect((row.at(-1) as string).length).toBe(2 + 2 * Buffer.from(frame, 'base64').length);
      }
      // As text, the opacity runs are the array literal float8[]'s input parses, as the staged cast from text does.
      if (reading.stream === 'obd/inspection') expect(copyTextValue(row[14])).toMatch(/^\{[0-9.,]+\}$/);
    }
  });

  it('has no plan for an expression it cannot reproduce, nor for SQL of another table', () => {
    const sql = (select: string) => `INSERT INTO t (a, b) SELECT ${select} FROM unnest($1::float8[], $2::text[]) AS u(a, b)`;
    expect(DirectCopy.plan('t', sql('u.a, u.b'))).not.toBeNull();
    expect(DirectCopy.plan('t', sql('u.a * 2, u.b'))).toBeNull();
    expect(DirectCopy.plan('t', sql('u.a, lower(u.b)'))).toBeNull();
    expect(DirectCopy.plan('t', sql('u.a, u.c'))).toBeNull();
    expect(DirectCopy.plan('other', sql('u.a, u.b'))).toBeNull();
  });

  it('goes binary only when every column is its parameter’s own type', () => {
    const sql = (select: string) => `INSERT INTO t (a, b) SELECT ${select} FROM unnest($1::float8[], $2::text[]) AS u(a, b)`;
    expect(DirectCopy.plan('t', sql('u.a, u.b'))!.format).toBe('binary');
    expect(DirectCopy.plan('t', sql('u.a::float8, to_timestamp(u.a / 1000.0)'))!.format).toBe('binary');
    expect(DirectCopy.plan('t', sql('u.a, u.b::float8[]'))!.format).toBe('binary');
    expect(DirectCopy.plan('t', sql('u.a, u.b::int4[]'))!.format).toBe('text');
    const numeric = 'INSERT INTO t (a) SELECT u.a FROM unnest($1::numeric[]) AS u(a)';
    expect(DirectCopy.plan('t', numeric)!.format).toBe('text');
  });

  it('fits readings stamped in whole milliseconds only', () => {
    expect(DirectCopy.fits({ time: 1_764_000_000_123, receivedAt: 1_764_000_000_200 })).toBe(true);
    expect(DirectCopy.fits({ time: 1_764_000_000_123.5, receivedAt: 1_764_000_000_200 })).toBe(false);
  });

  it('renders whole milliseconds exactly as toISOString, across hours, days and years', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const samples = [0, 1, 999, 59_999, 3_599_999, 3_600_000, Date.UTC(2000, 0, 1), Date.UTC(2026, 11, 31, 23, 59, 59, 999), Date.UTC(2028, 1, 29, 12), Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1), -1];
    for (let i = 0; i < 20_000; i++) samples.push(Math.floor(Date.UTC(2000, 0, 1) + random() * 40 * 365 * 86_400_000));
    // A batch's times: runs within one hour and across its end (the cached prefix).
    for (let i = 0; i < 20_000; i++) samples.push(Date.UTC(2026, 10, 24, 9, 50) + i * 613);
    for (const ms of samples) expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
  });
});
