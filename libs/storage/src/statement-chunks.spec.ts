import { arrayElementBytes, arrayElementBytesBound, chunkByBytes, encodeColumn, rowBytes, statementOverheadBytes, toColumns } from './statement-chunks';
import { BatchedStatement, parameterCount } from './batched-statement';
import { READING_FAMILIES, familyOf } from './families/reading-families';
import { makeThermalFrame } from '@tianyan/testing';
import { everyStream } from './testing/sample-readings';

// pg's own serializer: the estimate must never be below what goes over the wire.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (v: unknown) => string };
const wireBytes = (column: unknown[]) => {
  const encoded = encodeColumn(column);
  return Buffer.byteLength(typeof encoded === 'string' ? encoded : prepareValue(encoded));
};

describe('arrayElementBytes', () => {
  it.each<[string, unknown]>([
    ['null', null],
    ['number', -123.456e-7],
    ['boolean', true],
    ['ascii text', 'wayline'],
    ['quotes and backslashes', 'a"b\\c"'],
    ['CJK text', '鄂A·12345'],
    ['JSON', JSON.stringify([{ cas: '71-43-2', name: 'benzene "std"', ppm: 0.85 }])],
  ])('is at least what pg sends for %s', (_, value) => {
    expect(arrayElementBytes(value) * 3).toBeGreaterThanOrEqual(wireBytes([value, value, value]) - 2);
  });
});

describe('arrayElementBytesBound', () => {
  it('is never below arrayElementBytes, whatever a string holds', () => {
    const alphabet = ['a', '"', '\\', '苯', 'é', '😀', '\n', ' '];
    let seed = 11;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const values: unknown[] = [null, true, false, 0, -0.1, Number.MAX_VALUE, -Number.MIN_VALUE, -2.2250738585072014e-308, 1e21, -123456789.12345678, { a: '"x"' }];
    for (let i = 0; i < 2000; i++) values.push(Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    for (const value of values) expect(arrayElementBytesBound(value)).toBeGreaterThanOrEqual(arrayElementBytes(value));
  });
});

describe('chunkByBytes', () => {
  it('keeps every chunk within the budget and the row cap, in order', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const chunks = chunkByBytes(items, () => 10, 95, 7);
    expect(chunks.flatMap((c) => c.items)).toEqual(items);
    expect(chunks.every((c) => c.bytes <= 95 && c.items.length <= 7)).toBe(true);
    expect(chunks).toHaveLength(15);
  });

  it('gives an item larger than the budget a chunk of its own', () => {
    const chunks = chunkByBytes([5, 500, 5], (n) => n, 100);
    expect(chunks.map((c) => c.items)).toEqual([[5], [500], [5]]);
    expect(chunks[1]!.bytes).toBe(500);
  });

  it('returns no chunks for no items', () => {
    expect(chunkByBytes([], () => 1, 10)).toEqual([]);
  });
});

describe('encodeColumn', () => {
  it('writes numeric and boolean columns as unquoted literals that keep every digit', () => {
    expect(encodeColumn([1.5, null, -2e-7, 1735689600123])).toBe('{1.5,NULL,-2e-7,1735689600123}');
    expect(encodeColumn([true, undefined])).toBe('{true,NULL}');
  });

  it('writes text columns exactly as pg would', () => {
    const column = ['a', null, 'say "hi"\\', '{"x":[1,2]}', '鄂A·12345', '', 'NULL', 'tab\there'];
    expect(encodeColumn(column)).toBe(prepareValue(column));
  });

  it('leaves other values to pg', () => {
    const column = [Buffer.from('x'), null];
    expect(encodeColumn(column)).toBe(column);
  });
});

describe('toColumns', () => {
  it('transposes rows into one array per parameter, undefined as null', () => {
    expect(toColumns([[1, 'a', undefined], [2, 'b', true]], 3)).toEqual([[1, 2], ['a', 'b'], [null, true]]);
  });
});

describe('reading families', () => {
  const readings = everyStream('unit', Date.UTC(2025, 0, 1));

  it('store every stream, with as many parameters as their INSERT takes', () => {
    for (const r of readings) {
      const family = familyOf(r.stream);
      expect(family.toParams(r)).toHaveLength(parameterCount(family.insertSql));
    }
    expect(new Set(READING_FAMILIES.map((f) => f.table)).size).toBe(6);
  });

  it('estimate a statement at no less than its real size', () => {
    for (const r of readings) {
      const family = familyOf(r.stream);
      const params = family.toParams(r);
      // Parse carries the SQL, Bind a 4-byte length and the array literal per parameter.
      const wire = toColumns([params, params, params], params.length).reduce((sum, col) => sum + wireBytes(col) + 4, Buffer.byteLength(family.insertSql));
      expect(statementOverheadBytes(family.insertSql, params.length) + rowBytes(params) * 3).toBeGreaterThanOrEqual(wire);
    }
  });

  it('plan statements under the budget', () => {
    const statement = new BatchedStatement(familyOf('drone/thermal').insertSql, 48 * 1024);
    const small = readings.find((r) => r.stream === 'drone/thermal')!;
    const thermal = { ...small, data: { ...small.data, frame: makeThermalFrame(80, 64) } } as typeof small;
    const chunks = statement.plan(Array(100).fill(thermal), (r) => familyOf(r.stream).toParams(r));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.bytes <= statement.rowBudget)).toBe(true);
    expect(chunks.flatMap((c) => c.items.map((i) => i.item))).toHaveLength(100);
  });

  it('plan one statement when a bound shows the rows fit, and none for no rows', () => {
    const statement = new BatchedStatement(familyOf('ms/survey').insertSql, 32 * 1024 * 1024);
    const survey = readings.find((r) => r.stream === 'ms/survey')!;
    const chunks = statement.plan(Array(5000).fill(survey), (r) => familyOf(r.stream).toParams(r));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.items).toHaveLength(5000);
    expect(chunks[0]!.bytes).toBeGreaterThanOrEqual(rowBytes(familyOf('ms/survey').toParams(survey)) * 5000);
    expect(chunks[0]!.bytes).toBeLessThanOrEqual(statement.rowBudget);
    expect(statement.plan([], (r: typeof survey) => familyOf(r.stream).toParams(r))).toEqual([]);
  });
});
