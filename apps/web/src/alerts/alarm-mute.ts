/** Where the header's mute switch is remembered (per browser, across sessions). */
export const ALARM_MUTE_KEY = 'tianyan.alarmMuted';

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

/**
 * The operator's alarm-sound switch, remembered in localStorage. Muting silences the tone only: the
 * screen-edge flash still shows (a muted wall must still draw the eye).
 */
export class AlarmMute {
  private value: boolean;
  private readonly listeners = new Set<(muted: boolean) => void>();

  constructor(private readonly storage: Storage | null) {
    this.value = read(storage) === 'true';
  }

  get muted(): boolean {
    return this.value;
  }

  set(muted: boolean): void {
    if (muted === this.value) return;
    this.value = muted;
    try {
      this.storage?.setItem(ALARM_MUTE_KEY, String(muted));
    } catch {
      // private mode: the choice lasts for this page only
    }
    for (const l of this.listeners) l(muted);
  }

  toggle(): void {
    this.set(!this.value);
  }

  subscribe(listener: (muted: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function read(storage: Storage | null): string | null {
  try {
    return storage?.getItem(ALARM_MUTE_KEY) ?? null;
  } catch {
    return null;
  }
}
