import { RateMeter } from './rate-meter';

describe('RateMeter', () => {
  it('averages whole seconds of the window', () => {
    const m = new RateMeter(5);
    for (let s = 0; s < 5; s++) m.add(10, 100_000 + s * 1000);
    expect(m.perSecond(105_000)).toBe(10);
    expect(m.total).toBe(50);
  });

  it('ignores the current partial second', () => {
    const m = new RateMeter(2);
    m.add(4, 10_000);
    m.add(6, 11_000);
    m.add(100, 12_100);
    expect(m.perSecond(12_500)).toBe(5);
  });

  it('decays to zero when nothing arrives', () => {
    const m = new RateMeter(3);
    m.add(30, 1_000);
    expect(m.perSecond(2_000)).toBe(10);
    expect(m.perSecond(60_000)).toBe(0);
    expect(m.total).toBe(30);
  });
});
