import { StagedCopy, copyTextRow, copyTextValue } from './staged-copy';
import { READING_FAMILIES } from './families/reading-families';
import { parameterCount } from './batched-statement';
import { everyStream } from './testing/sample-readings';
import { familyOf } from './families/reading-families';

describe('StagedCopy', () => {
  it.each(READING_FAMILIES.map((f) => [f.table, f] as const))('stages %s exactly like its unnest parameters', (table, family) => {
    const copy = new StagedCopy(table, family.insertSql);
    expect(copy.width).toBe(parameterCount(family.insertSql));
    expect(copy.createSql).toMatch(new RegExp(`^CREATE TEMP TABLE IF NOT EXISTS tianyan_stage_${table} \\(t float8, d text, s int8, r float8, l bool, dr bool, q text, x jsonb, .+\\) ON COMMIT DELETE ROWS$`));
    expect(copy.copySql).toMatch(new RegExp(`^COPY tianyan_stage_${table} \\(t, d, s, r, l, dr, q, x, .+\\) FROM STDIN$`));
    // Same INSERT, same SELECT list and conflict clause; only the row source differs.
    expect(copy.insertSql).not.toMatch(/unnest|\$\d/);
    expect(copy.insertSql).toContain(`FROM tianyan_stage_${table} AS u`);
    expect(copy.insertSql.replace(`FROM tianyan_stage_${table} AS u`, '')).toBe(family.insertSql.replace(/FROM\s+unnest\([^)]*\)\s+AS\s+u\([^)]*\)/, ''));
    expect(copy.insertSql).toContain('ON CONFLICT (device_id, time, seq) DO NOTHING');
  });

  it('refuses SQL it cannot stage', () => {
    expect(() => new StagedCopy('x', 'INSERT INTO x SELECT * FROM y')).toThrow(/no "FROM unnest/);
    expect(() => new StagedCopy('x', 'INSERT INTO x SELECT u.a FROM unnest($1::int4[], $2::text[]) AS u(a)')).toThrow(/2 parameters/);
  });

  it('encodes every column of every stream as one tab-separated line', () => {
    for (const reading of everyStream('copy', Date.UTC(2026, 0, 1))) {
      const params = familyOf(reading.stream).toParams(reading);
      const line = copyTextRow(params);
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1).split('\t')).toHaveLength(params.length);
    }
  });
});

describe('copyTextRow', () => {
  it('joins the escaped columns with tabs and ends the line', () => {
    expect(copyTextRow([1.5, null, 'a\tb', true, { x: 'y' }, undefined])).toBe('1.5\t\\N\ta\\tb\tt\t{"x":"y"}\t\\N\n');
  });
});

describe('copyTextValue', () => {
  it.each<[unknown, string]>([
    [null, '\\N'],
    [undefined, '\\N'],
    [1735689600123, '1735689600123'],
    [-2e-7, '-2e-7'],
    [true, 't'],
    [false, 'f'],
    ['wayline', 'wayline'],
    ['鄂A·12345', '鄂A·12345'],
    ['\\N', '\\\\N'],
    ['a\tb\nc\rd\\e', 'a\\tb\\nc\\rd\\\\e'],
    ['{"note":"line\\nbreak"}', '{"note":"line\\\\nbreak"}'],
    [{ a: 1 }, '{"a":1}'],
  ])('%p → %p', (value, text) => {
    expect(copyTextValue(value)).toBe(text);
  });
});
