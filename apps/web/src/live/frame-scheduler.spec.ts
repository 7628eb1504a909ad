import { FrameScheduler } from './frame-scheduler';

describe('FrameScheduler', () => {
  it('draws once per frame with every part marked since the last one', () => {
    const frames: (() => void)[] = [];
    const drawn: string[][] = [];
    const s = new FrameScheduler<'map' | 'chart' | 'list'>((dirty) => drawn.push([...dirty].sort()), (cb) => frames.push(cb));
    s.mark('map');
    s.mark('chart', 'map');
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(drawn).toEqual([['chart', 'map']]);
    s.mark('list');
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(drawn).toEqual([['chart', 'map'], ['list']]);
  });

  it('requests no frame when nothing is marked', () => {
    const frames: (() => void)[] = [];
    new FrameScheduler<'x'>(() => undefined, (cb) => frames.push(cb)).mark();
    expect(frames).toHaveLength(0);
  });
});

describe('FrameScheduler with minimum intervals', () => {
  it('holds a throttled part until its interval passed, drawing other parts meanwhile', () => {
    let now = 0;
    const frames: (() => void)[] = [];
    const timers: { cb: () => void; at: number }[] = [];
    const drawn: string[][] = [];
    const s = new FrameScheduler<'chart' | 'clock'>(
      (dirty) => drawn.push([...dirty].sort()),
      (cb) => frames.push(cb),
      { chart: 200 },
      () => now,
      (cb, ms) => {
        timers.push({ cb, at: now + ms });
        return 0 as unknown as ReturnType<typeof setTimeout>;
      },
    );
    s.mark('chart');
    frames.shift()!();
    expect(drawn).toEqual([['chart']]);
    now = 50;
    s.mark('chart', 'clock');
    frames.shift()!();
    expect(drawn).toEqual([['chart'], ['clock']]); // chart still waits
    expect(frames).toHaveLength(0);
    expect(timers).toHaveLength(1);
    expect(timers[0]!.at).toBe(200);
    now = 200;
    timers.shift()!.cb();
    frames.shift()!();
    expect(drawn).toEqual([['chart'], ['clock'], ['chart']]);
  });
});
