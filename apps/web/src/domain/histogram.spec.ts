import { histogram } from './histogram';

describe('histogram', () => {
  it('counts values into fixed bins with under- and overflow kept at the ends', () => {
    const bins = histogram([0.05, 0.1, 0.15, 0.72, 5, -1, Number.NaN], { min: 0, width: 0.1, count: 10 });
    expect(bins).toHaveLength(10);
    expect(bins[0]).toEqual({ from: 0, to: 0.1, count: 2 }); // 0.05 and the underflow −1
    expect(bins[1]!.count).toBe(2); // 0.1 and 0.15
    expect(bins[7]!.count).toBe(1);
    expect(bins[9]!.count).toBe(1); // overflow 5
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(6);
  });
});
