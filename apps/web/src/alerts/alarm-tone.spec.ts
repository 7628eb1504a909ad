import { AlarmTone, tonePattern } from './alarm-tone';

/** Records what the tone schedules, like an AudioContext would be asked to. */
function fakeContext(state: AudioContextState = 'running') {
  const started: { freq: number; at: number; stop: number }[] = [];
  const ctx = {
    state,
    currentTime: 10,
    destination: {},
    resume: jest.fn(() => {
      ctx.state = 'running';
      return Promise.resolve();
    }),
    createGain: () => ({ gain: { setValueAtTime: jest.fn(), linearRampToValueAtTime: jest.fn() }, connect: (n: unknown) => n }),
    createOscillator: () => {
      const osc = {
        type: '',
        freq: 0,
        at: 0,
        frequency: { setValueAtTime: (f: number) => (osc.freq = f) },
        connect: (n: unknown) => n,
        start: (at: number) => (osc.at = at),
        stop: (stop: number) => started.push({ freq: osc.freq, at: osc.at, stop }),
      };
      return osc;
    },
  };
  return { ctx, started };
}

describe('tonePattern', () => {
  it('is a rapid high-low triple for red, a slower double for orange, silence below', () => {
    expect(tonePattern('red').map((b) => b.freq)).toEqual([988, 740, 988, 740, 988, 740]);
    expect(tonePattern('orange')).toHaveLength(2);
    expect(tonePattern('yellow')).toEqual([]);
    expect(tonePattern('blue')).toEqual([]);
  });

  it('lasts about a second at most, beeps not overlapping', () => {
    for (const level of ['red', 'orange'] as const) {
      const beeps = tonePattern(level);
      const end = Math.max(...beeps.map((b) => b.at + b.dur));
      expect(end).toBeLessThanOrEqual(1);
      beeps.slice(1).forEach((b, i) => expect(b.at).toBeGreaterThanOrEqual(beeps[i]!.at + beeps[i]!.dur));
    }
  });
});

describe('AlarmTone', () => {
  it('schedules one oscillator per beep, from the context clock', () => {
    const { ctx, started } = fakeContext();
    const tone = new AlarmTone(() => ctx as never);
    expect(tone.play('orange')).toBe(true);
    expect(started.map((s) => s.freq)).toEqual([784, 784]);
    expect(started[0]!.at).toBeGreaterThanOrEqual(10);
  });

  it('reports a suspended context as blocked and resumes it when unlocked', async () => {
    const { ctx } = fakeContext('suspended');
    const tone = new AlarmTone(() => ctx as never);
    expect(tone.state).toBe('blocked');
    await tone.unlock();
    expect(ctx.resume).toHaveBeenCalled();
    expect(tone.state).toBe('ready');
  });

  it('is unsupported without WebAudio and plays nothing below orange', () => {
    expect(new AlarmTone(() => null).state).toBe('unsupported');
    expect(new AlarmTone(() => null).play('red')).toBe(false);
    const { ctx, started } = fakeContext();
    expect(new AlarmTone(() => ctx as never).play('yellow')).toBe(false);
    expect(started).toEqual([]);
  });
});
