import { makePlume, makeReceptor, makeSnapshot, makeStatus, makeZone, square } from './situation-fixtures';
import type { GeoExtent } from '../map/fit-view';
import { distanceToExtentM, situationExtent } from './situation-extent';

const expectExtent = (actual: GeoExtent | null, expected: GeoExtent) => {
  expect(actual).not.toBeNull();
  for (const k of ['minLon', 'minLat', 'maxLon', 'maxLat'] as const) expect(actual![k]).toBeCloseTo(expected[k], 9);
};

/** A plume whose outermost zone is the square ±0.01° around 120.2 E 30.1 N (about 2 × 2.2 km). */
const snapshot = (receptors = [makeStatus()]) => makeSnapshot({ plumes: [makePlume({ zones: [makeZone({ polygon: [[square(120.2, 30.1, 0.01)]] })] })], receptors });

describe('situation extent', () => {
  it('frames the plumes alone when nothing else is near', () => {
    expectExtent(situationExtent([snapshot([])], [], []), { minLon: 120.19, minLat: 30.09, maxLon: 120.21, maxLat: 30.11 });
  });

  it('takes in the devices within range and leaves a far one out', () => {
    const near: [number, number] = [120.215, 30.1]; // ~480 m east of the plume
    const far: [number, number] = [120.22, 30.1]; // ~960 m east
    const e = situationExtent([snapshot([])], [], [near, far])!;
    expect(e.maxLon).toBe(120.215);
  });

  it('takes in receptors inside, downwind or within range, not a safe far one', () => {
    const receptors = [
      makeReceptor({ id: 'down', geometry: { type: 'Point', coordinates: [120.25, 30.1] } }),
      makeReceptor({ id: 'far', geometry: { type: 'Point', coordinates: [120.1, 30.1] } }),
      makeReceptor({ id: 'near', geometry: { type: 'Point', coordinates: [120.2, 30.115] } }),
    ];
    const statuses = [makeStatus({ receptorId: 'down', downwind: true, distanceM: 3800 }), makeStatus({ receptorId: 'far', distanceM: 8600 }), makeStatus({ receptorId: 'near', distanceM: 550 })];
    expectExtent(situationExtent([snapshot(statuses)], receptors, []), { minLon: 120.19, minLat: 30.09, maxLon: 120.25, maxLat: 30.115 });
  });

  it('frames the thermal extent when there is no plume yet, and nothing without either', () => {
    const thermal = { thresholdC: 60, polygon: [[square(120.3, 30.2, 0.001)]], areaM2: 40_000, hottestC: 400, hottest: null, frames: 3, growthPctPerMin: null };
    expectExtent(situationExtent([makeSnapshot({ plumes: [], thermal })], [], []), { minLon: 120.299, minLat: 30.199, maxLon: 120.301, maxLat: 30.201 });
    expect(situationExtent([makeSnapshot({ plumes: [] })], [makeReceptor()], [[120.2, 30.1]])).toBeNull();
  });

  it('measures a point to a box in metres, zero inside', () => {
    const box = { minLon: 120, minLat: 30, maxLon: 120.01, maxLat: 30.01 };
    expect(distanceToExtentM([120.005, 30.005], box)).toBe(0);
    expect(distanceToExtentM([120.005, 30.02], box)).toBeCloseTo(1113.2, 0);
  });
});
