import type { GeofenceGeometry } from '@tianyan/contracts';

export type LonLat = readonly [number, number];

const R_EARTH_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres (haversine). */
export function distanceM(a: LonLat, b: LonLat): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLon = (b[0] - a[0]) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * R_EARTH_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The point `distance` metres from `from` on bearing `bearingDeg` (clockwise from north). */
export function destination(from: LonLat, distance: number, bearingDeg: number): [number, number] {
  const d = distance / R_EARTH_M;
  const b = bearingDeg * RAD;
  const lat1 = from[1] * RAD;
  const lon1 = from[0] * RAD;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lon2 = lon1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return [lon2 / RAD, lat2 / RAD];
}

/** A circle as a closed ring of `steps` points (how the map draws it). */
export function circleRing(center: LonLat, radiusM: number, steps = 72): [number, number][] {
  const ring = Array.from({ length: steps }, (_, i) => destination(center, radiusM, (360 * i) / steps));
  ring.push(ring[0]!);
  return ring;
}

/** The outline the map draws for a geofence: [lon, lat] pairs, closed. */
export function geofenceRing(g: GeofenceGeometry): [number, number][] {
  return g.type === 'circle' ? circleRing([g.center.lon, g.center.lat], g.radiusM) : g.coordinates.map((c) => [c[0], c[1]] as [number, number]);
}

/** Where a geofence's name goes: the circle's centre, or the mean of the ring's vertices. */
export function geofenceAnchor(g: GeofenceGeometry): [number, number] {
  if (g.type === 'circle') return [g.center.lon, g.center.lat];
  const open = g.coordinates.slice(0, -1);
  const n = Math.max(1, open.length);
  return [open.reduce((s, c) => s + c[0], 0) / n, open.reduce((s, c) => s + c[1], 0) / n];
}
