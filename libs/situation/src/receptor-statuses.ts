import booleanIntersects from '@turf/boolean-intersects';
import bearing from '@turf/bearing';
import centroid from '@turf/centroid';
import { feature, multiPolygon } from '@turf/helpers';
import { alertLevelRank, type LatLon, type MultiPolygonCoordinates, type PlumeSnapshot, type Receptor, type ReceptorStatus } from '@tianyan/contracts';
import { LocalMetricFrame } from './local-metric-frame';

export interface ReceptorRuleOptions {
  downwindDistanceM: number;
  /** Half-width of the downwind cone, degrees. */
  downwindHalfAngleDeg?: number;
}

/**
 * Where each receptor stands against the plumes:
 * - inside: the highest band (by colour, over all compounds) whose polygon intersects the receptor;
 * - downwind: not inside, within `downwindDistanceM` of some plume's extent polygon, and seen from
 *   that plume's centroid within ±`downwindHalfAngleDeg` (default 30°) of the downwind direction
 *   (wind from + 180°), judged at the receptor's centre or any of its vertices; false without wind;
 * - distanceM: distance to the nearest zone edge of any plume, 0 inside, null without any zone.
 */
export function receptorStatuses(receptors: readonly Receptor[], plumes: readonly PlumeSnapshot[], wind: { fromDeg: number } | null, o: ReceptorRuleOptions): ReceptorStatus[] {
  const halfAngle = o.downwindHalfAngleDeg ?? 30;
  const withZones = plumes.filter((p) => p.zones.length > 0);
  return receptors.map((r) => {
    const geometry = feature(r.geometry);
    let inside: ReceptorStatus['inside'] = null;
    for (const p of withZones) {
      const zone = p.zones.find((z) => booleanIntersects(geometry, multiPolygon(z.polygon)));
      if (zone && (!inside || alertLevelRank(zone.level) > alertLevelRank(inside.level))) inside = { cas: p.cas, band: zone.band, level: zone.level };
    }
    const points = receptorPoints(r);
    let distanceM: number | null = null;
    let downwind = false;
    for (const p of withZones) {
      const extent = p.zones[p.zones.length - 1]!.polygon;
      const d = inside ? 0 : distanceToPolygon(points, r.geometry.type === 'Point' ? [] : rings(r), extent);
      if (distanceM === null || d < distanceM) distanceM = d;
      if (!inside && wind && p.centroid && d <= o.downwindDistanceM && inCone(p.centroid, [representative(r), ...points], (wind.fromDeg + 180) % 360, halfAngle)) downwind = true;
    }
    return { receptorId: r.id, name: r.name, kind: r.kind, inside, downwind, distanceM: distanceM === null ? null : Math.round(distanceM) };
  });
}

function inCone(from: LatLon, points: readonly number[][], towardDeg: number, halfAngle: number): boolean {
  const origin = [from.lon, from.lat];
  return points.some((pt) => {
    const diff = Math.abs((((bearing(origin, pt) - towardDeg) % 360) + 540) % 360 - 180);
    return diff <= halfAngle;
  });
}

function representative(r: Receptor): number[] {
  return r.geometry.type === 'Point' ? r.geometry.coordinates : centroid(feature(r.geometry)).geometry.coordinates;
}

function rings(r: Receptor): number[][][] {
  if (r.geometry.type === 'Polygon') return r.geometry.coordinates;
  if (r.geometry.type === 'MultiPolygon') return r.geometry.coordinates.flat();
  return [];
}

function receptorPoints(r: Receptor): number[][] {
  return r.geometry.type === 'Point' ? [r.geometry.coordinates] : rings(r).flat();
}

/**
 * Shortest distance (m) between a receptor (its vertices and ring edges) and a polygon's edges, in a
 * local metric frame: exact for shapes that do not overlap, which is the only case asked.
 */
function distanceToPolygon(points: readonly number[][], receptorRings: readonly number[][][], polygon: MultiPolygonCoordinates): number {
  const frame = new LocalMetricFrame(points[0]![1]!, points[0]![0]!);
  const xy = (p: number[]): [number, number] => [frame.x(p[0]!), frame.y(p[1]!)];
  const polygonRings = polygon.flat();
  let best = Infinity;
  for (const ring of polygonRings) {
    for (let i = 1; i < ring.length; i++) {
      const a = xy(ring[i - 1]!);
      const b = xy(ring[i]!);
      for (const p of points) best = Math.min(best, segmentDistance(xy(p), a, b));
    }
  }
  for (const ring of receptorRings) {
    for (let i = 1; i < ring.length; i++) {
      const a = xy(ring[i - 1]!);
      const b = xy(ring[i]!);
      for (const pr of polygonRings) for (const p of pr) best = Math.min(best, segmentDistance(xy(p), a, b));
    }
  }
  return best;
}

function segmentDistance(p: [number, number], a: [number, number], b: [number, number]): number {
  const vx = b[0] - a[0];
  const vy = b[1] - a[1];
  const len2 = vx * vx + vy * vy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * vx + (p[1] - a[1]) * vy) / len2));
  return Math.hypot(p[0] - a[0] - t * vx, p[1] - a[1] - t * vy);
}
