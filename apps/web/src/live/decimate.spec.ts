import { countFrom, decimate } from './decimate';

describe('decimate', () => {
  const series = Array.from({ length: 10_000 }, (_, i) => ({ t: i * 100, v: i === 5123 ? 999 : Math.sin(i / 50) }));

  it('keeps short series as they are', () => {
    const short = series.slice(0, 40);
    expect(decimate(short, 0, 4000, 10)).toBe(short);
  });

  it('bounds the points by the buckets, keeps peaks, order and the entry point', () => {
    const out = decimate(series, 100_000, 1_000_000, 300);
    expect(out.length).toBeLessThanOrEqual(4 * 300 + 1);
    expect(out.some((p) => p.v === 999)).toBe(true);
    expect(out[0]!.t).toBe(99_900); // the last sample before the window
    expect(out.at(-1)!.t).toBe(999_900);
    for (let i = 1; i < out.length; i++) expect(out[i]!.t).toBeGreaterThan(out[i - 1]!.t);
  });
});

describe('countFrom', () => {
  const series = Array.from({ length: 1000 }, (_, i) => ({ t: i * 100, v: 0 }));
  it('counts the samples at or after a time, as filtering would', () => {
    for (const from of [-1, 0, 50, 100, 55_000, 99_900, 99_901, 1e9]) expect(countFrom(series, from)).toBe(series.filter((p) => p.t >= from).length);
    expect(countFrom([], 0)).toBe(0);
  });
});
