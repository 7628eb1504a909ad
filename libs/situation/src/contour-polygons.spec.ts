import area from '@turf/area';
import { multiPolygon } from '@turf/helpers';
import { computePlume } from './compute-plume';
import type { ConcentrationSample } from './concentration-sample';
import { contourPolygons } from './contour-polygons';
import type { GridField } from './idw-field';
import { LocalMetricFrame } from './local-metric-frame';

const PEAK = 10;
const SIGMA_M = 100;
const THRESHOLD = 1;
/** A Gaussian blob is above t inside r = σ·√(2 ln(A/t)). */
const ANALYTIC_M2 = Math.PI * 2 * SIGMA_M ** 2 * Math.log(PEAK / THRESHOLD);
const gauss = (x: number, y: number) => PEAK * Math.exp(-(x * x + y * y) / (2 * SIGMA_M ** 2));
const frame = new LocalMetricFrame(30.61, 114.27);

describe('contouring a known Gaussian blob', () => {
  it('outlines the analytic disc from a gridded field (area within 2 %)', () => {
    const cellM = 10;
    const n = 80;
    const values = new Float64Array(n * n);
    const x0 = -(n / 2) * cellM;
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) values[i + j * n] = gauss(x0 + (i + 0.5) * cellM, x0 + (j + 0.5) * cellM);
    const field: GridField = { x0, y0: x0, cellM, nx: n, ny: n, values };
    const [polygon] = contourPolygons(field, [THRESHOLD], frame);
    expect(polygon).toHaveLength(1);
    const m2 = area(multiPolygon(polygon!));
    expect(Math.abs(m2 - ANALYTIC_M2) / ANALYTIC_M2).toBeLessThan(0.02);
  });

  it('recovers the blob from scattered samples by IDW (area within 15 %, centroid within 20 m)', () => {
    const samples: ConcentrationSample[] = [];
    for (let y = -400; y <= 400; y += 25) {
      for (let x = -400; x <= 400; x += 25) samples.push({ deviceId: `d${(x + y) % 3}`, time: 0, cas: '71-43-2', compound: 'benzene', lat: frame.lat(y + 5), lon: frame.lon(x - 5), ppm: gauss(x - 5, y + 5) });
    }
    const { plume } = computePlume('71-43-2', samples, [{ band: 'extent', level: 'blue', thresholdPpm: THRESHOLD, basis: 'test' }], { idwPower: 2, searchRadiusM: 200 });
    expect(plume.zones).toHaveLength(1);
    expect(Math.abs(plume.extentAreaKm2 * 1e6 - ANALYTIC_M2) / ANALYTIC_M2).toBeLessThan(0.15);
    const c = plume.centroid!;
    expect(Math.hypot(frame.x(c.lon), frame.y(c.lat))).toBeLessThan(20);
    expect(plume.maxPpm).toBeCloseTo(PEAK, 0);
  });

  it('returns no zone when nothing reaches the threshold', () => {
    const samples: ConcentrationSample[] = [{ deviceId: 'a', time: 0, cas: 'x', compound: 'x', lat: 30.61, lon: 114.27, ppm: 0.2 }];
    const { plume } = computePlume('x', samples, [{ band: 'extent', level: 'blue', thresholdPpm: 1, basis: 'test' }], { idwPower: 2, searchRadiusM: 200 });
    expect(plume.zones).toEqual([]);
    expect(plume.centroid).toBeNull();
    expect(plume.extentAreaKm2).toBe(0);
  });
});
