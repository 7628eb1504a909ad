import { parseArchiveLine } from './archive-line';

const devices = new Map([['uav-01', 'drone']]);
const reading = {
  deviceId: 'uav-01', kind: 'drone', channel: 'telemetry', stream: 'drone/telemetry', seq: 7, time: 1_795_000_000_000,
  receivedAt: 1_795_000_000_100, late: false, drill: false, quality: 'N', data: { lat: 30.6, lon: 114.2 }, extra: null,
};
const line = (overrides: Record<string, unknown>) => JSON.stringify({ ...reading, ...overrides });

describe('parseArchiveLine', () => {
  it('accepts a reading and an alert line', () => {
    expect(parseArchiveLine(line({}), devices)).toEqual({ type: 'reading', reading });
    expect(parseArchiveLine(JSON.stringify({ alert: { id: 'a' }, steps: [], readings: [] }), devices)).toEqual({ type: 'alert' });
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
  ])('refuses %s: %s', (text, reason) => {
    expect(parseArchiveLine(text, devices)).toBe(reason);
  });
});
