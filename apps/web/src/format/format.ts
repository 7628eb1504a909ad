import type { Translate } from '../i18n/i18n';

/** The command center's clock zone: field teams and logs speak Beijing time whatever the browser says. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

/** "5秒前", "3分前", …; null age (no data yet) is "—". */
export function formatAge(ageMs: number | null, t: Translate): string {
  if (ageMs === null || !Number.isFinite(ageMs)) return '—';
  const s = Math.max(0, Math.floor(ageMs / 1000));
  if (s < 1) return t('age.now');
  if (s < 60) return t('age.seconds', { n: s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('age.minutes', { n: m });
  const h = Math.floor(m / 60);
  if (h < 48) return t('age.hours', { n: h });
  return t('age.days', { n: Math.floor(h / 24) });
}

/** Freshness class of a data age, for colouring (thresholds in seconds). */
export type Freshness = 'fresh' | 'stale' | 'old' | 'none';
export function freshness(ageMs: number | null, staleAfterMs = 15_000, oldAfterMs = 120_000): Freshness {
  if (ageMs === null) return 'none';
  if (ageMs < staleAfterMs) return 'fresh';
  return ageMs < oldAfterMs ? 'stale' : 'old';
}

/** A number with sensible precision for a small display: 3 significant digits, no exponent below 1e6. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e6) return v.toExponential(2);
  if (Number.isInteger(v)) return String(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  if (a >= 0.01) return v.toFixed(3);
  return v.toPrecision(2);
}

const partsCache = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withDate}`;
  let f = partsCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsCache.set(key, f);
  }
  return f;
}

function parts(t: number, timeZone: string, withDate: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone, withDate).formatToParts(new Date(t))) out[p.type] = p.value;
  return out;
}

/** "14:03:27" in the display zone. */
export function formatTimeOfDay(t: number, timeZone = DISPLAY_TIME_ZONE): string {
  const p = parts(t, timeZone, false);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** "2025-06-15 14:03:27" in the display zone. */
export function formatDateTime(t: number, timeZone = DISPLAY_TIME_ZONE): string {
  const p = parts(t, timeZone, true);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** "30.61234°N 114.26543°E". */
export function formatLatLon(lat: number, lon: number): string {
  return `${Math.abs(lat).toFixed(5)}°${lat >= 0 ? 'N' : 'S'} ${Math.abs(lon).toFixed(5)}°${lon >= 0 ? 'E' : 'W'}`;
}

const dateCache = new Map<string, Intl.DateTimeFormat>();

/** The header's date line in the display zone: "2026年11月23日 星期一" / "Mon, 23 Nov 2026". */
export function formatClockDate(t: number, locale: string, timeZone = DISPLAY_TIME_ZONE): string {
  const key = `${locale}|${timeZone}`;
  let f = dateCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone, year: 'numeric', month: locale === 'en' ? 'short' : 'long', day: 'numeric', weekday: locale === 'en' ? 'short' : 'long' });
    dateCache.set(key, f);
  }
  return f.format(new Date(t));
}

/** Integers with the locale's grouping ("12,345"). */
export function formatCount(n: number, locale: string): string {
  return n.toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN');
}
