import type { DeviceReading } from '@tianyan/contracts';
import { droneReading } from '../testing/reading-fixtures';
import { ReadingSource, type ReadingSourceKind } from './reading-source';

describe('ReadingSource', () => {
  const setup = () => {
    const got: Array<[ReadingSourceKind, number]> = [];
    const source = new ReadingSource((r: readonly DeviceReading[], kind) => got.push([kind, r.length]));
    return { source, got };
  };

  it('feeds live readings by default and drops replay ones', () => {
    const { source, got } = setup();
    expect(source.push('live', [droneReading()])).toBe(true);
    expect(source.push('replay', [droneReading(), droneReading()])).toBe(false);
    expect(got).toEqual([['live', 1]]);
  });

  it('after switching to replay only the replay stream reaches the stores, and back', () => {
    const { source, got } = setup();
    source.switchTo('replay');
    source.push('live', [droneReading()]);
    source.push('replay', [droneReading(), droneReading()]);
    source.switchTo('live');
    source.push('replay', [droneReading()]);
    source.push('live', [droneReading()]);
    expect(got).toEqual([['replay', 2], ['live', 1]]);
    expect(source.kind).toBe('live');
  });

  it('ignores empty batches', () => {
    const { source, got } = setup();
    expect(source.push('live', [])).toBe(false);
    expect(got).toEqual([]);
  });
});
