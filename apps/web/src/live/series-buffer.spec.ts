import { SeriesBuffer } from './series-buffer';

describe('SeriesBuffer', () => {
  it('appends in-time samples in device-time order and drops duplicates', () => {
    const b = new SeriesBuffer(10);
    expect(b.add({ t: 1, v: 10 }, false)).toBe(true);
    expect(b.add({ t: 2, v: 20 }, false)).toBe(true);
    expect(b.add({ t: 2, v: 21 }, false)).toBe(false);
    expect(b.points()).toEqual([{ t: 1, v: 10 }, { t: 2, v: 20 }]);
  });

  it('inserts a slightly out-of-order sample in place', () => {
    const b = new SeriesBuffer(10);
    b.add({ t: 1, v: 1 }, false);
    b.add({ t: 3, v: 3 }, false);
    b.add({ t: 2, v: 2 }, false);
    expect(b.points().map((s) => s.t)).toEqual([1, 2, 3]);
    expect(b.last()).toEqual({ t: 3, v: 3 });
  });

  it('keeps late samples apart from the line', () => {
    const b = new SeriesBuffer(10);
    b.add({ t: 100, v: 1 }, false);
    b.add({ t: 50, v: 9 }, true);
    expect(b.points()).toEqual([{ t: 100, v: 1 }]);
    expect(b.latePoints()).toEqual([{ t: 50, v: 9 }]);
    expect(b.last()).toEqual({ t: 100, v: 1 });
  });

  it('merges history under live points, live winning on equal time, within capacity', () => {
    const b = new SeriesBuffer(4);
    b.add({ t: 5, v: 50 }, false);
    b.add({ t: 6, v: 60 }, false);
    b.merge([{ t: 2, v: 2 }, { t: 3, v: 3 }, { t: 4, v: 4 }, { t: 5, v: -1 }]);
    expect(b.points()).toEqual([{ t: 3, v: 3 }, { t: 4, v: 4 }, { t: 5, v: 50 }, { t: 6, v: 60 }]);
  });

  it('is bounded', () => {
    const b = new SeriesBuffer(3, 2);
    for (let t = 0; t < 100; t++) b.add({ t, v: t }, false);
    for (let t = 0; t < 100; t++) b.add({ t, v: t }, true);
    expect(b.size).toBe(3);
    expect(b.latePoints()).toHaveLength(2);
  });
});
