import { createTranslator } from '../i18n/i18n';
import { formatAge, formatClockDate, formatCount, formatDateTime, formatLatLon, formatTimeOfDay, formatValue, freshness } from './format';

const t = createTranslator('zh-CN');

describe('format', () => {
  it('formats data ages', () => {
    expect(formatAge(null, t)).toBe('—');
    expect(formatAge(400, t)).toBe('刚刚');
    expect(formatAge(-5000, t)).toBe('刚刚');
    expect(formatAge(12_900, t)).toBe('12秒前');
    expect(formatAge(185_000, t)).toBe('3分前');
    expect(formatAge(3 * 3600_000, t)).toBe('3小时前');
    expect(formatAge(5 * 86400_000, t)).toBe('5天前');
  });

  it('classifies freshness', () => {
    expect(freshness(null)).toBe('none');
    expect(freshness(1000)).toBe('fresh');
    expect(freshness(30_000)).toBe('stale');
    expect(freshness(600_000)).toBe('old');
  });

  it('formats values with display precision', () => {
    expect(formatValue(0)).toBe('0');
    expect(formatValue(1234.5)).toBe('1235');
    expect(formatValue(85.04)).toBe('85.0');
    expect(formatValue(3.2)).toBe('3.20');
    expect(formatValue(21)).toBe('21');
    expect(formatValue(-4)).toBe('-4');
    expect(formatValue(0.85)).toBe('0.850');
    expect(formatValue(0.00123)).toBe('0.0012');
    expect(formatValue(2.4e7)).toBe('2.40e+7');
    expect(formatValue(Number.NaN)).toBe('—');
  });

  it('shows times in Beijing time whatever the machine zone', () => {
    const t0 = Date.UTC(2025, 5, 15, 6, 3, 27);
    expect(formatTimeOfDay(t0)).toBe('14:03:27');
    expect(formatDateTime(t0)).toBe('2025-06-15 14:03:27');
    expect(formatTimeOfDay(Date.UTC(2025, 5, 15, 16, 0, 0))).toBe('00:00:00');
  });

  it('formats positions', () => {
    expect(formatLatLon(30.6123456, 114.2654321)).toBe('30.61235°N 114.26543°E');
  });
});

describe('locale-aware dates and counts', () => {
  const t0 = Date.UTC(2026, 10, 23, 8, 32, 9); // Monday, 16:32:09 in Beijing
  it('formats the header date per locale in Beijing time', () => {
    expect(formatClockDate(t0, 'zh-CN')).toBe('2026年11月23日星期一');
    expect(formatClockDate(t0, 'en')).toBe('Mon, 23 Nov 2026');
  });
  it('groups counts', () => expect(formatCount(12345, 'en')).toBe('12,345'));
});
