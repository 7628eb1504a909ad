import type { AlertLevel } from '@tianyan/contracts';

export interface ToneBeep {
  /** Hz */
  freq: number;
  /** Seconds after the start. */
  at: number;
  /** Seconds. */
  dur: number;
}

/**
 * The alarm's beeps: red a rapid high-low triple, orange a slower double, about a second in all
 * (loud enough to turn heads, short enough not to drown the room). No sound below orange.
 */
export function tonePattern(level: AlertLevel): ToneBeep[] {
  switch (level) {
    case 'red':
      return [0, 1, 2, 3, 4, 5].map((i) => ({ freq: i % 2 === 0 ? 988 : 740, at: i * 0.16, dur: 0.13 }));
    case 'orange':
      return [0, 1].map((i) => ({ freq: 784, at: i * 0.32, dur: 0.22 }));
    case 'yellow':
    case 'blue':
      return [];
  }
}

type AudioContextLike = Pick<AudioContext, 'state' | 'currentTime' | 'destination' | 'resume' | 'createOscillator' | 'createGain'>;

export type AlarmAudioState = 'ready' | 'blocked' | 'unsupported';

/**
 * Plays the alarm with a WebAudio oscillator (no sound file to ship or fail to load). Browsers keep
 * audio suspended until the page gets a user gesture: `unlock()` is called on the first one, and
 * `state` says when the alarm would be silent so the header can show it.
 */
export class AlarmTone {
  private context: AudioContextLike | null = null;

  constructor(private readonly createContext: () => AudioContextLike | null = defaultContext) {}

  get state(): AlarmAudioState {
    const ctx = this.ensure();
    if (!ctx) return 'unsupported';
    return ctx.state === 'running' ? 'ready' : 'blocked';
  }

  unlock(): Promise<void> {
    const ctx = this.ensure();
    return ctx && ctx.state !== 'running' ? ctx.resume().catch(() => undefined) : Promise.resolve();
  }

  /** Schedules the pattern of `level`; false when nothing could be played. */
  play(level: AlertLevel): boolean {
    const ctx = this.ensure();
    const beeps = tonePattern(level);
    if (!ctx || beeps.length === 0) return false;
    if (ctx.state !== 'running') void this.unlock();
    const start = ctx.currentTime + 0.02;
    for (const b of beeps) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'square';
      osc.frequency.setValueAtTime(b.freq, start + b.at);
      // Short ramps: a square wave switched hard on and off clicks.
      gain.gain.setValueAtTime(0, start + b.at);
      gain.gain.linearRampToValueAtTime(0.18, start + b.at + 0.01);
      gain.gain.setValueAtTime(0.18, start + b.at + b.dur - 0.02);
      gain.gain.linearRampToValueAtTime(0, start + b.at + b.dur);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start + b.at);
      osc.stop(start + b.at + b.dur + 0.01);
    }
    return ctx.state === 'running';
  }

  private ensure(): AudioContextLike | null {
    this.context ??= this.createContext();
    return this.context;
  }
}

function defaultContext(): AudioContextLike | null {
  const Ctor = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  try {
    return Ctor ? new Ctor() : null;
  } catch {
    return null;
  }
}
