import type { DeviceReading } from '@tianyan/contracts';
import { LocalMetricFrame } from './local-metric-frame';
import { SituationAnalyzer } from './situation-analyzer';

const frame = new LocalMetricFrame(30.61, 114.27);
const T = Date.UTC(2024, 5, 1, 2, 0, 0);

function survey(deviceId: string, time: number, x: number, y: number, ppm: number): DeviceReading {
  return {
    deviceId, kind: 'ms', channel: 'survey', stream: 'ms/survey', seq: 0, time, receivedAt: time, late: false, drill: false, quality: 'N', extra: null,
    data: { lat: frame.lat(y), lon: frame.lon(x), tic: 1e6, gases: [{ cas: '7783-06-4', name: 'hydrogen sulfide', value: ppm, unit: 'ppm', ppm }] },
  } as DeviceReading;
}

/** A 600 × 600 m survey grid of an H2S blob centred at (cx, 0), peak 40 ppm, σ 80 m. */
function blob(time: number, cx: number): DeviceReading[] {
  const out: DeviceReading[] = [];
  for (let y = -300; y <= 300; y += 30) for (let x = cx - 300; x <= cx + 300; x += 30) out.push(survey(`ms-${(x + y) & 3}`, time, x, y, 40 * Math.exp(-((x - cx) ** 2 + y * y) / (2 * 80 * 80))));
  return out;
}

const input = { incidentId: 'i', drill: false, receptors: [], wind: null };

describe('SituationAnalyzer', () => {
  it('contours only the window and places late readings by device time', () => {
    const a = new SituationAnalyzer({ windowS: 60, downwindDistanceM: 2000, thermalThresholdC: 60 });
    for (const r of blob(T + 100_000, 0)) a.add(r);
    // A late replay of an old blob far away: older than the window, so it must not show.
    for (const r of blob(T, 3000)) a.add(r);
    expect(a.latestAt).toBe(T + 100_000);
    const snap = a.snapshot(input);
    expect(snap.at).toBe(T + 100_000);
    const h2s = snap.plumes.find((p) => p.cas === '7783-06-4')!;
    // Highest band first; IDW keeps the 40 ppm peak above AEGL-2 (27) but below red (50).
    const levels = h2s.zones.map((z) => z.level);
    expect(levels).toEqual(['orange', 'yellow']);
    expect(h2s.maxPpm).toBeCloseTo(40, 0);
    expect(Math.abs(frame.x(h2s.centroid!.lon))).toBeLessThan(20);
    expect(snap.thermal).toBeNull();
  });

  it('tracks drift toward the blob motion and growth of the extent', () => {
    const a = new SituationAnalyzer({ windowS: 20, downwindDistanceM: 2000, thermalThresholdC: 60, bandOverrides: { '7783-06-4': { extent: 1, aegl1: null, aegl2: null, aegl3: null } } });
    // The blob moves 2 m/s east for 60 s.
    for (let s = 0; s <= 60; s += 10) {
      for (const r of blob(T + s * 1000, 2 * s)) a.add(r);
      const snap = a.snapshot(input);
      if (s === 60) {
        const p = snap.plumes[0]!;
        expect(p.drift).not.toBeNull();
        expect(Math.abs(((p.drift!.towardDeg - 90 + 540) % 360) - 180)).toBeLessThan(10);
        expect(p.drift!.speedMs).toBeGreaterThan(1.5);
        expect(p.drift!.speedMs).toBeLessThan(2.5);
        expect(Math.abs(p.growthPctPerMin!)).toBeLessThan(10);
      }
    }
  });

  it('rejects a non-positive window', () => {
    expect(() => new SituationAnalyzer({ windowS: 0, downwindDistanceM: 2000, thermalThresholdC: 60 })).toThrow(/windowS/);
  });
});
