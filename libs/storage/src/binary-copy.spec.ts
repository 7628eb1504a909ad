import { BinaryCopyWriter, NoBinaryForm, type BinaryColumnType } from './binary-copy';
import { Float8ArrayValue } from './float8-array-value';

describe('BinaryCopyWriter', () => {
  it('frames rows between the PGCOPY header and the trailer, NULL as length -1', () => {
    const writer = new BinaryCopyWriter();
    writer.row(['int2', 'text'], [7, null], [0, 1]);
    const [data] = writer.finish();
    expect(data!.subarray(0, 11)).toEqual(Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'));
    // flags 0, extension 0 | 2 fields | int2: length 2, 7 | NULL | trailer -1
    expect(data!.subarray(11).toString('hex')).toBe('00000000' + '00000000' + '0002' + '00000002' + '0007' + 'ffffffff' + 'ffff');
  });

  it('refuses, before sending anything, a value that is not exactly its column type', () => {
    const refuse = (type: BinaryColumnType, value: unknown) => expect(() => new BinaryCopyWriter().row([type], [value], [0])).toThrow(NoBinaryForm);
    refuse('int2', 32768);
    refuse('int4', 1.5);
    refuse('int8', 2 ** 53);
    refuse('float8', '30.5');
    refuse('timestamptz', 1.5);
    refuse('bool', 1);
    refuse('text', 7);
    refuse('jsonb', { a: 1 });
    refuse('float8[]', '{1.5,2}');
    refuse('float8[]', [1.5, 2]);
    refuse('float8[]', new Float8ArrayValue([1.5, '2' as unknown as number]));
  });

  it('writes a float8[] as array_send does: one dimension from 1, no NULLs, float8 elements', () => {
    const writer = new BinaryCopyWriter();
    writer.row(['float8[]', 'float8[]'], [new Float8ArrayValue([1.5, -2]), new Float8ArrayValue([])], [0, 1]);
    const fields = writer.finish()[0]!.subarray(19 + 2, -2).toString('hex');
    // length 44 | 1 dimension, no NULLs, element oid 701 | 2 elements from 1 | 8: 1.5 | 8: -2
    const first = '0000002c' + '00000001' + '00000000' + '000002bd' + '00000002' + '00000001' + '00000008' + '3ff8000000000000' + '00000008' + 'c000000000000000';
    // length 12 | 0 dimensions, no NULLs, element oid 701
    const empty = '0000000c' + '00000000' + '00000000' + '000002bd';
    expect(fields).toBe(first + empty);
  });
});
