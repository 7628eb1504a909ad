import { ALARM_MUTE_KEY, AlarmMute } from './alarm-mute';

const memory = (initial: Record<string, string> = {}) => {
  const saved = new Map(Object.entries(initial));
  return { saved, storage: { getItem: (k: string) => saved.get(k) ?? null, setItem: (k: string, v: string) => void saved.set(k, v) } };
};

describe('AlarmMute', () => {
  it('starts unmuted and remembers a toggle', () => {
    const { saved, storage } = memory();
    const mute = new AlarmMute(storage);
    expect(mute.muted).toBe(false);
    const heard: boolean[] = [];
    mute.subscribe((m) => heard.push(m));
    mute.toggle();
    expect(mute.muted).toBe(true);
    expect(saved.get(ALARM_MUTE_KEY)).toBe('true');
    expect(new AlarmMute(storage).muted).toBe(true);
    mute.set(true);
    expect(heard).toEqual([true]);
  });

  it('works without storage, or with storage that throws', () => {
    const mute = new AlarmMute(null);
    mute.toggle();
    expect(mute.muted).toBe(true);
    const broken = new AlarmMute({ getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } });
    expect(broken.muted).toBe(false);
    expect(() => broken.toggle()).not.toThrow();
    expect(broken.muted).toBe(true);
  });
});
