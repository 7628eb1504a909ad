import type { FindingStatus } from './finding';

interface Remembered {
  status: FindingStatus;
  time: number;
}

/**
 * The last status a rule reported per device × subject. Most readings are far from any limit: only
 * the first 'clear' after something else goes out, so a quiet fleet does not produce a finding per
 * reading. With a time, a reading older than the newest seen (store-and-forward) may still report a
 * level — it happened — but may not clear or hold what a newer reading found.
 */
export class StatusMemory {
  private readonly byDevice = new Map<string, Map<string, Remembered>>();

  admit(deviceId: string, subject: string, status: FindingStatus, time?: number): boolean {
    let subjects = this.byDevice.get(deviceId);
    if (subjects === undefined) this.byDevice.set(deviceId, (subjects = new Map()));
    const last = subjects.get(subject);
    if (last === undefined) {
      subjects.set(subject, { status, time: time ?? -Infinity });
      return true;
    }
    if (time !== undefined && time < last.time) return status === 'level';
    const repeatClear = status === 'clear' && last.status === 'clear';
    last.status = status;
    if (time !== undefined) last.time = time;
    return !repeatClear;
  }

  /** Devices whose last status for `subject` was not 'clear'. */
  *flagged(subject: string): Iterable<string> {
    for (const [deviceId, subjects] of this.byDevice) {
      const last = subjects.get(subject);
      if (last !== undefined && last.status !== 'clear') yield deviceId;
    }
  }
}
