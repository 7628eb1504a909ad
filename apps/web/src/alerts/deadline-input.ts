/**
 * Deadlines are picked and shown in Beijing time, like every time on the screen, whatever zone the
 * browser is in: a `datetime-local` value is read as UTC+8 (China has no daylight saving).
 */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** `2026-01-02T08:30` (the picker's value) → `2026-01-02T08:30:00+08:00`; null when not a time. */
export function deadlineFromPicker(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}+08:00`;
  return Number.isFinite(Date.parse(iso)) ? iso : null;
}

/** Epoch ms → the picker's value in Beijing time (minutes). */
export function pickerValue(epochMs: number): string {
  return new Date(epochMs + BEIJING_OFFSET_MS).toISOString().slice(0, 16);
}
