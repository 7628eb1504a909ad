import type { MultiPolygonCoordinates, Receptor } from '@tianyan/contracts';

export type LonLat = readonly [number, number];

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** The outer ring of every polygon as [lon, lat] pairs; holes are left out (a fill over a hole is acceptable on a plume picture). */
export function outerRings(polygon: MultiPolygonCoordinates): LonLat[][] {
  const rings: LonLat[][] = [];
  for (const poly of Array.isArray(polygon) ? polygon : []) {
    const outer = Array.isArray(poly) ? poly[0] : undefined;
    if (!Array.isArray(outer)) continue;
    const ring = outer.filter((p) => Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1])).map((p) => [p[0]!, p[1]!] as const);
    if (ring.length >= 3) rings.push(ring);
  }
  return rings;
}

/** Mean of a ring's vertices (the closing repeat counted once): a label anchor, not a true centroid. */
export function ringCenter(ring: readonly LonLat[]): LonLat | null {
  const closed = ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1];
  const pts = closed ? ring.slice(0, -1) : ring;
  if (pts.length === 0) return null;
  let lon = 0;
  let lat = 0;
  for (const p of pts) {
    lon += p[0];
    lat += p[1];
  }
  return [lon / pts.length, lat / pts.length];
}

/** Where a receptor's icon goes: the point itself, or the centre of its largest outline. */
export function receptorAnchor(geometry: Receptor['geometry']): LonLat | null {
  if (geometry.type === 'Point') {
    const [lon, lat] = geometry.coordinates;
    return Number.isFinite(lon) && Number.isFinite(lat) ? [lon!, lat!] : null;
  }
  const rings = receptorOutlines(geometry);
  const largest = rings.reduce<LonLat[] | null>((best, r) => (best === null || r.length > best.length ? r : best), null);
  return largest ? ringCenter(largest) : null;
}

/** Outer rings of an area receptor (village, plant site); none for a point. */
export function receptorOutlines(geometry: Receptor['geometry']): LonLat[][] {
  if (geometry.type === 'Point') return [];
  return outerRings(geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates);
}

/** The point `distanceM` from `from` toward `bearingDeg` (clockwise from north); flat-earth, fine over a few km. */
export function destination(from: LonLat, bearingDeg: number, distanceM: number): LonLat {
  const b = bearingDeg * RAD;
  const dLat = (distanceM * Math.cos(b)) / EARTH_RADIUS_M;
  const dLon = (distanceM * Math.sin(b)) / (EARTH_RADIUS_M * Math.cos(from[1] * RAD));
  return [from[0] + dLon / RAD, from[1] + dLat / RAD];
}
