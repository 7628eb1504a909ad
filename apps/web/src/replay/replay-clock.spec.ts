import type { ReplayClock } from '@tianyan/contracts';
import { ReplayClockModel } from './replay-clock';

const tick = (over: Partial<ReplayClock> = {}): ReplayClock => ({ replayId: 'r1', at: 10_000, speed: 8, paused: false, from: 0, to: 100_000, ...over });

describe('ReplayClockModel', () => {
  it('is null before the first tick', () => {
    expect(new ReplayClockModel().now(5)).toBeNull();
  });

  it('runs on at the replay speed between ticks', () => {
    const m = new ReplayClockModel();
    m.apply(tick(), 1_000);
    expect(m.now(1_000)).toBe(10_000);
    expect(m.now(1_500)).toBe(14_000);
  });

  it('stands still while paused', () => {
    const m = new ReplayClockModel();
    m.apply(tick({ paused: true }), 1_000);
    expect(m.now(60_000)).toBe(10_000);
  });

  it('stays inside the incident window', () => {
    const m = new ReplayClockModel();
    m.apply(tick({ speed: 64 }), 0);
    expect(m.now(10_000)).toBe(100_000);
  });

  it('a seek patch moves at once and keeps running from there', () => {
    const m = new ReplayClockModel();
    m.apply(tick({ speed: 2 }), 0);
    m.patch({ at: 50_000 }, 1_000);
    expect(m.now(1_000)).toBe(50_000);
    expect(m.now(2_000)).toBe(52_000);
    m.patch({ paused: true }, 2_000);
    expect(m.now(9_000)).toBe(52_000);
  });
});
