import type { MultiPolygonCoordinates, PlumeSnapshot, Receptor } from '@tianyan/contracts';
import { LocalMetricFrame } from './local-metric-frame';
import { receptorStatuses } from './receptor-statuses';

const frame = new LocalMetricFrame(30.61, 114.27);
/** Axis-aligned rectangle in local metres → lon/lat multipolygon. */
function rect(x0: number, y0: number, x1: number, y1: number): MultiPolygonCoordinates {
  const p = (x: number, y: number) => [frame.lon(x), frame.lat(y)];
  return [[[p(x0, y0), p(x1, y0), p(x1, y1), p(x0, y1), p(x0, y0)]]];
}
const point = (id: string, x: number, y: number): Receptor => ({ id, name: id, kind: 'school', geometry: { type: 'Point', coordinates: [frame.lon(x), frame.lat(y)] }, population: null, createdAt: '2024-06-01T00:00:00Z' });

// A plume drifting east: extent 0…600 m east, ±100 m; orange core 0…200 m, ±40 m.
const plume: PlumeSnapshot = {
  cas: '7783-06-4',
  compound: 'hydrogen sulfide',
  sampleCount: 100,
  deviceCount: 2,
  maxPpm: 40,
  zones: [
    { band: 'aegl2', level: 'orange', thresholdPpm: 27, basis: '', polygon: rect(0, -40, 200, 40), areaKm2: 0.016 },
    { band: 'aegl1', level: 'yellow', thresholdPpm: 0.51, basis: '', polygon: rect(0, -100, 600, 100), areaKm2: 0.12 },
  ],
  extentAreaKm2: 0.12,
  centroid: { lat: frame.lat(0), lon: frame.lon(250) },
  drift: null,
  growthPctPerMin: null,
};
const westWind = { fromDeg: 270 };

describe('receptorStatuses', () => {
  it('puts a receptor in the highest band that contains it, at distance 0', () => {
    const [core, edge] = receptorStatuses([point('core', 100, 0), point('edge', 400, 80)], [plume], westWind, { downwindDistanceM: 2000 });
    expect(core).toMatchObject({ inside: { cas: '7783-06-4', band: 'aegl2', level: 'orange' }, downwind: false, distanceM: 0 });
    expect(edge).toMatchObject({ inside: { band: 'aegl1', level: 'yellow' }, downwind: false, distanceM: 0 });
  });

  it('flags receptors downwind within the distance and cone, not those upwind, aside or too far', () => {
    const rs = receptorStatuses([point('down', 1200, 50), point('up', -500, 0), point('aside', 300, 900), point('far', 3000, 0)], [plume], westWind, { downwindDistanceM: 2000 });
    expect(rs.map((r) => [r.receptorId, r.inside, r.downwind])).toEqual([
      ['down', null, true],
      ['up', null, false],
      ['aside', null, false],
      ['far', null, false],
    ]);
    expect(rs[0]!.distanceM).toBeCloseTo(600, -1);
    expect(rs[1]!.distanceM).toBeCloseTo(500, -1);
    expect(rs[3]!.distanceM).toBeCloseTo(2400, -1);
  });

  it('sees an area receptor that overlaps a zone as inside, and nothing is downwind without wind', () => {
    const village: Receptor = { ...point('v', 0, 0), kind: 'village', geometry: { type: 'Polygon', coordinates: rect(550, 50, 800, 300)[0]! } };
    const [v, d] = receptorStatuses([village, point('down', 1200, 0)], [plume], null, { downwindDistanceM: 2000 });
    expect(v!.inside?.band).toBe('aegl1');
    expect(d).toMatchObject({ inside: null, downwind: false });
  });

  it('reports null distance when there is no plume', () => {
    expect(receptorStatuses([point('a', 0, 0)], [], westWind, { downwindDistanceM: 2000 })[0]).toMatchObject({ inside: null, downwind: false, distanceM: null });
  });
});
