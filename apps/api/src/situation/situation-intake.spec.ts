import type { DeviceReading, SituationSnapshot } from '@tianyan/contracts';
import { LocalMetricFrame, SituationAnalyzer } from '@tianyan/situation';
import { IntakeDecoder, IntakeEncoder } from './situation-intake';

const frame = new LocalMetricFrame(30.61, 114.27);
const T = Date.UTC(2024, 5, 1, 2, 0, 0);
const base = { seq: 0, late: false, drill: false, quality: 'N', extra: null } as const;

function reading(deviceId: string, stream: string, time: number, data: object): DeviceReading {
  const [kind, channel] = stream.split('/');
  return { ...base, deviceId, kind, channel, stream, time, receivedAt: time, data } as unknown as DeviceReading;
}

/** A w×h frame whose left half is 20 °C and right half `hotC`. */
function thermalFrame(w: number, h: number, hotC: number) {
  const bytes = Buffer.alloc(w * h * 2);
  for (let i = 0; i < w * h; i++) bytes.writeUInt16LE(Math.round(((i % w < w / 2 ? 20 : hotC) + 273.15) * 100), 2 * i);
  return { w, h, scaleC: 0.01, offsetC: -273.15, data: bytes.toString('base64') };
}

/** Surveys of an H2S/benzene blob, GC-MS identifications, drone telemetry (some late) and thermal frames, status, and a reading without a time. */
function scenario(): DeviceReading[] {
  const out: DeviceReading[] = [];
  for (let k = 0; k < 1500; k++) {
    const time = T + k * 200;
    const x = ((k * 37) % 600) - 300;
    const y = ((k * 53) % 600) - 300;
    const ppm = 40 * Math.exp(-(x * x + y * y) / (2 * 80 * 80));
    out.push(reading(`ms-${k % 4}`, 'ms/survey', time, { lat: frame.lat(y), lon: frame.lon(x), tic: 1e6, gases: [
      { cas: '7783-06-4', name: 'hydrogen sulfide', value: ppm, unit: 'ppm', ppm },
      { cas: '71-43-2', name: 'benzene', value: 2 * ppm, unit: 'ppm', ppm: 2 * ppm },
      { cas: '0-00-0', name: 'unknown', value: 1, unit: 'mg/m3', ppm: null },
    ] }));
    if (k % 50 === 0) out.push(reading('ms-gc', 'ms/identification', time, { lat: frame.lat(y), lon: frame.lon(x), runId: 'R', compounds: [{ cas: '71-43-2', name: 'benzene', concentration: ppm, unit: 'ppm', matchFactor: 900, retentionTimeS: 10, ppm }] }));
    // Telemetry every 4th step, every 7th of them arriving late (placed by device time).
    if (k % 4 === 0) out.push(reading('drone-1', 'drone/telemetry', k % 28 === 0 ? time - 3000 : time, { lat: 30.61, lon: 114.27, relAltM: 80, headingDeg: k % 360, gimbalYawDeg: k % 3 === 0 ? undefined : 10, gimbalPitchDeg: k % 5 === 0 ? undefined : -70 }));
    if (k % 10 === 0) out.push(reading('drone-1', 'drone/thermal', time + 100, { lat: frame.lat(k), lon: frame.lon(-k), relAltM: k % 30 === 0 ? 0 : 80, frame: k % 20 === 0 ? undefined : thermalFrame(16, 12, 100 + k / 10) }));
    if (k % 100 === 0) out.push(reading('obd-1', 'obd/status', time + 5000, { state: 'online' }));
  }
  out.push(reading('ms-0', 'ms/survey', Number.NaN, { lat: 30.61, lon: 114.27, tic: 1, gases: [{ cas: '7783-06-4', name: 'hydrogen sulfide', value: 999, unit: 'ppm', ppm: 999 }] }));
  return out;
}

const newAnalyzer = () => new SituationAnalyzer({ windowS: 60, downwindDistanceM: 2000, thermalThresholdC: 60 });
const input = (incidentId: string) => ({ incidentId, drill: false, receptors: [], wind: null });

describe('situation intake (readings encoded for the worker)', () => {
  it('gives every incident the same pictures as feeding its analyzer the readings themselves', () => {
    const readings = scenario();
    const direct = { a: newAnalyzer(), b: newAnalyzer() };
    const fed = new Map<string, SituationAnalyzer>();
    const encoder = new IntakeEncoder();
    const decoder = new IntakeDecoder();
    const expected: SituationSnapshot[] = [];
    const actual: SituationSnapshot[] = [];
    // Bus callbacks of uneven size; incident b gets every third reading only; a snapshot after every third callback.
    // 300 s of readings: the 60 s window slides, and analyzer a prunes (every 2000 readings).
    for (let i = 0, call = 0; i < readings.length; call++) {
      const batch = readings.slice(i, (i += 1 + ((call * 97) % 180)));
      batch.forEach((r, k) => {
        direct.a.add(r);
        encoder.push('a', r);
        if (k % 3 === 0) {
          direct.b.add(r);
          encoder.push('b', r);
        }
      });
      const encoded = encoder.flush();
      if (encoded) decoder.apply(encoded, (id) => fed.get(id) ?? fed.set(id, newAnalyzer()).get(id)!);
      if (call % 3 === 2) {
        for (const id of ['a', 'b'] as const) {
          expected.push(direct[id].snapshot(input(id)));
          actual.push(fed.get(id)!.snapshot(input(id)));
        }
      }
    }
    expect(encoder.flush()).toBeNull();
    expect(fed.get('a')!.latestAt).toBe(direct.a.latestAt);
    expect(actual).toEqual(expected);
    // The scenario exercises what it means to: plumes of both compounds, a hot area, drift from history.
    const last = expected[expected.length - 2]!;
    expect(last.plumes.map((p) => p.cas).sort()).toEqual(['71-43-2', '7783-06-4']);
    expect(last.thermal!.areaM2).toBeGreaterThan(0);
    expect(expected.length).toBeGreaterThan(6);
  });

  it('sends each string once while the table lasts, and again after a reset (a new worker)', () => {
    const encoder = new IntakeEncoder();
    const r = scenario()[0]!;
    encoder.push('a', r);
    expect(encoder.flush()!.strings).toEqual(['a', 'ms-0', '7783-06-4', 'hydrogen sulfide', '71-43-2', 'benzene']);
    encoder.push('a', r);
    expect(encoder.flush()!.strings).toEqual([]);
    encoder.reset();
    encoder.push('a', r);
    expect(encoder.flush()!.strings).toHaveLength(6);
  });
});
