import type { ConcentrationSample } from './concentration-sample';
import { LocalMetricFrame } from './local-metric-frame';
import { axisTrack, plumeAxisFixes, wrap180 } from './plume-axis-track';
import { plumeBandsFor } from './plume-bands';
import { transportToNow } from './transport-samples';

const SOURCE = { lat: 30.61, lon: 114.27 };
const frame = new LocalMetricFrame(SOURCE.lat, SOURCE.lon);
const T0 = Date.UTC(2024, 5, 1, 2, 0, 0);
const bands = plumeBandsFor('71-43-2', { extent: 0.5, aegl1: null, aegl2: null, aegl3: null });

/** A plume along `towardDeg` from the source: 5 ppm on the axis, Gaussian across (σ 40 m). */
function ppmAt(x: number, y: number, towardDeg: number): number {
  const a = (towardDeg * Math.PI) / 180;
  const along = x * Math.sin(a) + y * Math.cos(a);
  const across = x * Math.cos(a) - y * Math.sin(a);
  return along > 0 ? 5 * Math.exp(-(across * across) / (2 * 40 * 40)) : 0;
}

/**
 * A UAV flying crosswind transects (x from −600 to 600 m and back at 20 m/s, 1 Hz) at 500 m north of the source,
 * one every 60 s, while the plume turns clockwise from 0° at 6° a minute.
 */
function crossings(minutes: number): { samples: ConcentrationSample[]; towardAt: (t: number) => number } {
  const towardAt = (t: number) => ((t - T0) / 60_000) * 6;
  const samples: ConcentrationSample[] = [];
  for (let m = 0; m < minutes; m++) {
    for (let s = 0; s <= 60; s++) {
      const time = T0 + m * 60_000 + s * 1000;
      const x = (m % 2 === 0 ? -600 : 600) + (m % 2 === 0 ? 20 : -20) * s;
      samples.push({ deviceId: 'ms-03', time, cas: '71-43-2', compound: 'benzene', lat: frame.lat(500), lon: frame.lon(x), ppm: ppmAt(x, 500, towardAt(time)) });
    }
  }
  return { samples, towardAt };
}

describe('plume axis track', () => {
  it('finds the centreline bearing of each crossing and follows a turning plume between them', () => {
    const { samples, towardAt } = crossings(5);
    const points = samples.map((s) => ({ deviceId: s.deviceId, time: s.time, x: frame.x(s.lon), y: frame.y(s.lat), ratio: s.ppm / 0.5 }));
    const fixes = plumeAxisFixes(points);
    expect(fixes).toHaveLength(5);
    for (const f of fixes) expect(Math.abs(wrap180(f.towardDeg - towardAt(f.time)))).toBeLessThan(1.5);
    const track = axisTrack(fixes, 60)!;
    expect(Math.abs(wrap180(track(T0 + 150_000) - towardAt(T0 + 150_000)))).toBeLessThan(1.5);
  });

  it('has no track without readings above the outer band', () => {
    expect(axisTrack(plumeAxisFixes([{ deviceId: 'a', time: T0, x: 0, y: 500, ratio: 0.4 }]), 60)).toBeNull();
  });
});

describe('transportToNow', () => {
  it('turns older samples about the source onto the current plume axis', () => {
    const { samples, towardAt } = crossings(5);
    const now = samples[samples.length - 1]!.time;
    const { jobs: [moved], axis } = transportToNow([{ cas: '71-43-2', samples, bands }], SOURCE, now);
    expect(axis!.source).toEqual(SOURCE);
    expect(Math.abs(wrap180(axis!.towardDeg - towardAt(now)))).toBeLessThan(3);
    // The first transect's peak (taken with the plume at ≈ 3°) now lies on the axis of "now" (≈ 30°).
    const firstPeak = moved!.samples.slice(0, 61).reduce((a, b) => (b.ppm > a.ppm ? b : a));
    const bearing = (Math.atan2(frame.x(firstPeak.lon), frame.y(firstPeak.lat)) * 180) / Math.PI;
    expect(Math.abs(wrap180(bearing - towardAt(now)))).toBeLessThan(3);
    // A turn keeps the distance from the source.
    const orig = samples[0]!;
    const turned = moved!.samples[0]!;
    expect(Math.hypot(frame.x(turned.lon), frame.y(turned.lat))).toBeCloseTo(Math.hypot(frame.x(orig.lon), frame.y(orig.lat)), 3);
  });

  it('leaves samples where they are without a known source', () => {
    const { samples } = crossings(2);
    const { jobs: [same], axis } = transportToNow([{ cas: '71-43-2', samples, bands }], null, samples[samples.length - 1]!.time);
    expect(same!.samples).toEqual(samples);
    expect(axis).toBeNull();
  });
});
