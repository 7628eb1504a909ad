import { chooseBucketMs } from './series-window';

describe('chooseBucketMs', () => {
  it('returns raw readings for spans up to 15 minutes', () => {
    expect(chooseBucketMs(10 * 60_000, undefined)).toBeNull();
  });
  it('picks a nice bucket near 600 points for longer spans', () => {
    expect(chooseBucketMs(3600_000, 'auto')).toBe(10_000);
    expect(chooseBucketMs(24 * 3600_000, 'auto')).toBe(300_000);
  });
  it('honours an explicit choice', () => {
    expect(chooseBucketMs(24 * 3600_000, 'raw')).toBeNull();
    expect(chooseBucketMs(60_000, '5000')).toBe(5000);
  });
});
