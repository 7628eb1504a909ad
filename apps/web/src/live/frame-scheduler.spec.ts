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
