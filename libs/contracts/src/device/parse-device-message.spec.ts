import { z } from 'zod';
import { parseDeviceMessage } from './parse-device-message';
import { SCHEMA_BY_STREAM } from './device-reading';
import { STREAMS, type Stream } from './topic';
import { makeDroneTelemetry, makeDroneThermal, makeMsIdentification, makeMsSurvey, makeObdInspection, makeStatus } from '@tianyan/testing';

const now = Date.UTC(2026, 10, 23, 8, 0, 0);
const parse = (topic: string, body: unknown) => parseDeviceMessage(topic, typeof body === 'string' ? body : JSON.stringify(body), now);

describe('parseDeviceMessage', () => {
  it.each([
    ['tianyan/v1/drone/D1/telemetry', makeDroneTelemetry({ ts: now })],
    ['tianyan/v1/drone/D1/thermal', makeDroneThermal({ ts: now })],
    ['tianyan/v1/ms/M1/survey', makeMsSurvey({ ts: now })],
    ['tianyan/v1/ms/M1/identification', makeMsIdentification({ ts: now })],
    ['tianyan/v1/obd/O1/inspection', makeObdInspection({ ts: now })],
    ['tianyan/v1/obd/O1/status', makeStatus({ ts: now })],
  ])('accepts a valid %s message', (topic, body) => {
    const result = parse(topic, body);
    expect(result.rejects).toEqual([]);
    expect(result.readings).toHaveLength(1);
    expect(result.readings[0]).toMatchObject({ time: now, late: false, drill: false, quality: 'N' });
  });

  it('normalises RFC 3339 device time with an offset to epoch ms', () => {
    const result = parse('tianyan/v1/drone/D1/telemetry', makeDroneTelemetry({ ts: '2026-11-23T16:00:00+08:00' }));
    expect(result.readings[0]!.time).toBe(now);
  });

  it('converts gas concentrations to ppm, including mg/m3 of known compounds', () => {
    const [reading] = parse('tianyan/v1/ms/M1/survey', makeMsSurvey({ ts: now })).readings;
    const gases = (reading!.data as { gases: { cas: string; ppm: number | null }[] }).gases;
    expect(gases.find((g) => g.cas === '71-43-2')!.ppm).toBeCloseTo(0.85);
    expect(gases.find((g) => g.cas === '7647-01-0')!.ppm).toBeCloseTo((1.49 * 24.45) / 36.46, 5);
  });

  it('keeps fields a device adds, apart from the contract fields', () => {
    const [reading] = parse('tianyan/v1/drone/D1/telemetry', makeDroneTelemetry({ ts: now, hdop: 0.8 })).readings;
    expect(reading!.extra).toEqual({ hdop: 0.8 });
    expect(reading!.data).not.toHaveProperty('hdop');
  });

  it('rejects a payload whose deviceId or kind disagrees with its topic, and keeps one that agrees', () => {
    const other = parse('tianyan/v1/drone/D1/telemetry', makeDroneTelemetry({ ts: now, deviceId: 'D2' }));
    expect(other.readings).toEqual([]);
    expect(other.rejects[0]!.reason).toMatch(/payload names device "D2" but was published on the topic of device "D1"/);
    expect(parse('tianyan/v1/drone/D1/telemetry', makeDroneTelemetry({ ts: now, kind: 'ms' })).rejects[0]!.reason).toMatch(/kind/);
    const same = parse('tianyan/v1/drone/D1/telemetry', makeDroneTelemetry({ ts: now, deviceId: 'D1', kind: 'drone' }));
    expect(same.rejects).toEqual([]);
    expect(same.readings[0]!.extra).toEqual({ deviceId: 'D1', kind: 'drone' });
  });

  it('marks every envelope of an array payload late and rejects bad elements one by one', () => {
    const good = makeDroneTelemetry({ ts: now - 60000 });
    const bad = makeDroneTelemetry({ ts: now - 59000, batteryPct: 140 });
    const result = parse('tianyan/v1/drone/D1/telemetry', [good, bad]);
    expect(result.readings).toHaveLength(1);
    expect(result.readings[0]).toMatchObject({ late: true, time: now - 60000 });
    expect(result.rejects).toEqual([{ reason: expect.stringMatching(/^\[1\] batteryPct/), raw: JSON.stringify(bad), index: 1 }]);
  });

  it.each([
    ['bad JSON', 'tianyan/v1/drone/D1/telemetry', '{"ts":', /not valid JSON/],
    ['unknown kind', 'tianyan/v1/boat/B1/telemetry', makeDroneTelemetry(), /unknown device kind/],
    ['unknown channel', 'tianyan/v1/drone/D1/sonar', makeDroneTelemetry(), /unknown channel/],
    ['other version', 'tianyan/v2/drone/D1/telemetry', makeDroneTelemetry(), /unsupported contract version/],
    ['bad device id', 'tianyan/v1/drone/D 1/telemetry', makeDroneTelemetry(), /invalid device id/],
    ['wrong type', 'tianyan/v1/drone/D1/telemetry', makeDroneTelemetry({ lat: '30.1' }), /^lat:/],
    ['latitude out of bounds', 'tianyan/v1/drone/D1/telemetry', makeDroneTelemetry({ lat: 91 }), /^lat:/],
    ['negative seq', 'tianyan/v1/drone/D1/telemetry', makeDroneTelemetry({ seq: -1 }), /^seq:/],
    ['future device time', 'tianyan/v1/drone/D1/telemetry', makeDroneTelemetry({ ts: now + 3600000 }), /clock skew/],
    ['thermal outside gain range', 'tianyan/v1/drone/D1/thermal', makeDroneThermal({ gainMode: 'high' }), /high-gain range/],
    ['bad VIN check digit', 'tianyan/v1/obd/O1/inspection', makeObdInspection({ vin: '1M8GDM9A1KP042788' }), /VIN check digit/],
    ['urea over 40 %', 'tianyan/v1/obd/O1/inspection', makeObdInspection({ ureaPct: 45 }), /ureaPct/],
    ['two opacity runs', 'tianyan/v1/obd/O1/inspection', makeObdInspection({ opacity: { kM1: [0.2, 0.3] } }), /opacity.kM1/],
    ['bad CAS', 'tianyan/v1/ms/M1/survey', makeMsSurvey({ gases: [{ cas: '71-43-3', name: 'benzene', value: 1, unit: 'ppm' }] }), /CAS check digit/],
    ['unknown unit', 'tianyan/v1/ms/M1/survey', makeMsSurvey({ gases: [{ cas: '71-43-2', name: 'benzene', value: 1, unit: 'pct' }] }), /unit/],
    ['empty array', 'tianyan/v1/ms/M1/survey', [], /empty array/],
  ])('rejects %s with a reason', (_name, topic, body, reason) => {
    const result = parse(topic, body as unknown);
    expect(result.readings).toEqual([]);
    expect(result.rejects).toHaveLength(1);
    expect(result.rejects[0]!.reason).toMatch(reason);
  });

  it('compiles every stream schema to zod\'s fast path (a schema it cannot compile would fall back silently)', () => {
    for (const stream of STREAMS) expect(() => z.compile(SCHEMA_BY_STREAM[stream] as z.ZodType, { strict: true })).not.toThrow();
  });

  it.each<[Stream, object]>([
    ['drone/telemetry', makeDroneTelemetry({ ts: now, drill: true, hdop: 0.8, deviceId: 'D1' })],
    ['drone/thermal', makeDroneThermal({ ts: '2026-11-23T16:00:00+08:00', frame: undefined, hotspot: { x: 1, y: 2, lat: 30, lon: 114, tempC: 300, extra: 1 } })],
    ['ms/survey', makeMsSurvey({ ts: now, gases: [{ unit: 'ug/m3', value: 5, name: 'x', cas: '7783-06-4', note: 'dropped' }] })],
    ['ms/identification', makeMsIdentification({ ts: now, compounds: [{ cas: '71-43-2', name: 'benzene', concentration: 1, unit: 'ppm', matchFactor: 900, retentionTimeS: 10 }] })],
    ['obd/inspection', makeObdInspection({ ts: now, obd: { commOk: false }, lane: 'L2' })],
    ['obd/status', makeStatus({ ts: now, state: 'fault', firmware: undefined })],
  ])('gives %s readings exactly what the regular zod parser outputs, key order included', (stream, body) => {
    const expected = SCHEMA_BY_STREAM[stream].safeParse(JSON.parse(JSON.stringify(body))) as { success: true; data: Record<string, unknown> };
    const { ts: _ts, seq: _seq, drill: _drill, deviceId: _deviceId, hdop: _hdop, ...data } = expected.data;
    const topic = `tianyan/v1/${stream.replace('/', '/D1/')}`;
    const [reading] = parse(topic, body).readings;
    expect(JSON.stringify(reading!.data)).toBe(JSON.stringify(data));
    expect(reading!.data).toStrictEqual(data);
  });

  it('keeps `ions` on a compound exactly when the device sent them', () => {
    const compounds = [
      { cas: '71-43-2', name: 'benzene', concentration: 1, unit: 'ppm', matchFactor: 900, retentionTimeS: 10 },
      { cas: '108-88-3', name: 'toluene', concentration: 2, unit: 'ppm', matchFactor: 800, retentionTimeS: 20, ions: [[91, 100]] },
    ];
    const [reading] = parse('tianyan/v1/ms/M1/identification', makeMsIdentification({ ts: now, compounds })).readings;
    const [first, second] = (reading!.data as { compounds: Record<string, unknown>[] }).compounds;
    expect(Object.keys(first!)).toEqual(['cas', 'name', 'concentration', 'unit', 'matchFactor', 'retentionTimeS', 'ppm']);
    expect(Object.keys(second!)).toEqual(['cas', 'name', 'concentration', 'unit', 'matchFactor', 'retentionTimeS', 'ions', 'ppm']);
  });

  it('flags a saturated total ion count with quality T', () => {
    const [reading] = parse('tianyan/v1/ms/M1/survey', makeMsSurvey({ ts: now, tic: 6.2e7 })).readings;
    expect(reading!.quality).toBe('T');
  });
});
