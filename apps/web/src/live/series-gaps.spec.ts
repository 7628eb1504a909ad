import { maxGapMs } from './series-gaps';

describe('maxGapMs', () => {
  const pts = [0, 500, 1000, 9000, 9500, 10_000].map((t) => ({ t, v: 1 }));
  it('finds the longest silence between samples in the window', () => {
    expect(maxGapMs(pts, 0, 10_000)).toBe(8000);
    expect(maxGapMs(pts, 9000, 10_000)).toBe(500);
  });
  it('reports the whole window when it holds no sample', () => expect(maxGapMs(pts, 20_000, 25_000)).toBe(5000));
});
