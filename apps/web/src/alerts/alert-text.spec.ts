import { ALERT_ACTIONS, ALERT_STATES, ALERT_SYSTEM_STEPS } from '@tianyan/contracts';
import { createTranslator } from '../i18n/i18n';
import { ACTION_KEY, dueText, formatDuration, measureText, STATE_KEY, stepLabel } from './alert-text';

const zh = createTranslator('zh-CN');
const en = createTranslator('en');
const now = Date.parse('2026-01-01T00:00:00Z');

describe('alert text', () => {
  it('names every state, action and step in both languages', () => {
    for (const s of ALERT_STATES) expect(en(STATE_KEY[s])).not.toBe(STATE_KEY[s]);
    for (const a of ALERT_ACTIONS) expect(zh(ACTION_KEY[a])).not.toBe(ACTION_KEY[a]);
    for (const k of [...ALERT_SYSTEM_STEPS, ...ALERT_ACTIONS]) expect(stepLabel(k, zh)).not.toMatch(/^alert/);
    expect(zh(ACTION_KEY.close)).toBe('销号');
    expect(stepLabel('condition_cleared', en)).toBe('Condition cleared');
  });

  it('formats durations to the minute', () => {
    expect(formatDuration(59_000, en)).toBe('0 min');
    expect(formatDuration(3 * 3_600_000 + 12 * 60_000, zh)).toBe('3小时12分');
    expect(formatDuration(-(26 * 3_600_000), en)).toBe('1 d 2 h');
  });

  it('says how long is left or how long overdue', () => {
    expect(dueText({ dueAt: null, overdue: false }, now, en)).toBeNull();
    expect(dueText({ dueAt: '2026-01-01T00:30:00Z', overdue: false }, now, en)).toBe('in 30 min');
    expect(dueText({ dueAt: '2025-12-31T22:00:00Z', overdue: true }, now, zh)).toBe('已超期 2小时0分');
    // The server's flag lags the clock by a check interval: a passed deadline reads as overdue at once.
    expect(dueText({ dueAt: '2025-12-31T23:59:00Z', overdue: false }, now, en)).toBe('overdue by 1 min');
  });

  it('writes the measure against its limit, ≤ for falling rules', () => {
    expect(measureText({ value: 0.8, limit: 0.51, unit: 'ppm', basis: null, facts: {} }, 'exposure')).toBe('0.800 ppm ≥ 0.510 ppm');
    expect(measureText({ value: 18, limit: 20, unit: '%', basis: null, facts: {} }, 'low-battery')).toBe('18 % ≤ 20 %');
    expect(measureText({ value: 512, limit: null, unit: '°C', basis: null, facts: {} }, 'thermal')).toBe('512 °C');
    expect(measureText({ value: null, limit: null, unit: null, basis: null, facts: {} }, 'offline')).toBe('—');
  });
});
