import { parseArchiveLine } from './archive-line';

const devices = new Map([['uav-01', 'drone']]);
const reading = {
  deviceId: 'uav-01', kind: 'drone', channel: 'telemetry', stream: 'drone/telemetry', seq: 7, time: 1_795_000_000_000,
  receivedAt: 1_795_000_000_100, late: false, drill: false, quality: 'N', data: { lat: 30.6, lon: 114.2 }, extra: null,
};
const line = (overrides: Record<string, unknown>) => JSON.stringify({ ...reading, ...overrides });
const ALERT_ID = '6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f';
const measure = { value: 12, limit: 10, unit: 'ppm', basis: 'AEGL-1', facts: {} };
const alert = {
  id: ALERT_ID, ruleId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', ruleKind: 'exposure', ruleName: 'H2S', deviceId: 'uav-01', deviceKind: 'drone',
  subject: '7783-06-4', level: 'yellow', peakLevel: 'yellow', state: 'raised', title: 'H2S 12 ppm', measure, peak: measure, active: true, drill: false,
  lat: null, lon: null, firstReadingAt: 1_795_000_000_000, lastReadingAt: 1_795_000_000_000, raisedAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z', occurrences: 1, unitId: null, dueAt: null, overdue: false, escalations: 0, importedAt: null,
};
const step = {
  id: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', alertId: ALERT_ID, kind: 'raised', fromState: null, toState: 'raised', level: 'yellow', actor: null,
  at: '2026-11-23T10:00:00.000Z', deviceAt: '2026-11-18T06:13:20.000Z', note: null, unitId: null, dueAt: null, attachments: [],
};
const link = { deviceId: 'uav-01', stream: 'drone/telemetry', time: 1_795_000_000_000, seq: 7, value: 12, level: 'yellow' };
const alertLine = (overrides: Record<string, unknown> = {}) => JSON.stringify({ alert, steps: [step], readings: [link], ...overrides });

describe('parseArchiveLine', () => {
  it('accepts a reading and an alert line', () => {
    expect(parseArchiveLine(line({}), devices)).toEqual({ type: 'reading', reading });
    expect(parseArchiveLine(alertLine(), devices)).toEqual({ type: 'alert', record: { alert, steps: [step], readings: [link] } });
  });

  it.each([
    ['{"deviceId":', 'not JSON'],
    ['[1]', 'not a JSON object'],
    [line({ deviceId: 'other' }), 'device other is not in the header'],
    [line({ stream: 'drone/video' }), 'unknown stream drone/video'],
    [line({ kind: 'ms' }), 'kind and channel do not match stream drone/telemetry'],
    [line({ time: '2026-01-01' }), 'time and receivedAt must be epoch ms'],
    [line({ seq: -1 }), 'seq must be a non-negative integer'],
    [line({ quality: 'Z' }), 'unknown quality Z'],
    [line({ data: null }), 'data must be an object, extra an object or null'],
    [JSON.stringify({ alert: { id: 'a' } }), 'alert without steps'],
    [alertLine({ alert: { ...alert, id: 'a' } }), 'alert: alert.id: Invalid UUID; steps: every step must belong to the alert'],
    [alertLine({ steps: [] }), 'alert: steps: Too small: expected array to have >=1 items'],
    [alertLine({ steps: [{ ...step, alertId: step.id }] }), 'alert: steps: every step must belong to the alert'],
    [alertLine({ steps: [{ ...step, at: 'yesterday' }] }), 'alert: steps.0.at: Invalid ISO datetime'],
  ])('refuses %s: %s', (text, reason) => {
    expect(parseArchiveLine(text, devices)).toBe(reason);
  });
});
