import simplify from 'simplify-js';

/** Canvas pixels per degree of longitude and of latitude at the map's current view (the geo projection is linear). */
export interface PixelScale {
  readonly x: number;
  readonly y: number;
}

type Coord = readonly [number, number];

/**
 * A drone's track as it can be seen: the points that lie within `tolerancePx` of the line through
 * their neighbours are left out (radial distance, then Douglas–Peucker: simplify-js; one pixel, as
 * Leaflet's default smoothing). A 10-minute orbit 500 m out at one point a second draws as ~40 points
 * instead of 600 at 5 m a pixel, and no left-out point is a pixel off the line. The newest point is always kept, so the track still ends at the drone. ECharts re-reads
 * every point of a series it is given, and the map is redrawn twice a second: with ten drones the
 * raw tracks made each redraw a long task once ten minutes had filled them (docs/performance.md).
 */
export function simplifyTrack(coords: readonly Coord[], scale: PixelScale | null, tolerancePx = 1): [number, number][] {
  if (!scale || coords.length < 3) return coords.map((c) => [c[0], c[1]]);
  const points = coords.map((c) => ({ x: c[0] * scale.x, y: c[1] * scale.y, coord: c }));
  const kept = simplify(points, tolerancePx) as typeof points;
  return kept.map((p) => [p.coord[0], p.coord[1]]);
}

/**
 * Marks as they can be seen: of the marks of one class (a survey's exposure level, a hotspot's
 * colour) that fall in the same `cellPx` square, only the newest is kept; it is drawn last, so it
 * was the one on top. A spectrometer standing still leaves one mark per level, not one a second.
 * Order is kept, so newer marks still draw over older ones.
 */
export function thinMarks<T extends { lon: number; lat: number }>(marks: readonly T[], scale: PixelScale | null, classOf: (mark: T) => string, cellPx = 2): T[] {
  if (!scale) return [...marks];
  const newest = new Map<string, number>();
  marks.forEach((m, i) => newest.set(`${classOf(m)}|${Math.floor((m.lon * scale.x) / cellPx)}|${Math.floor((m.lat * scale.y) / cellPx)}`, i));
  const keep = new Set(newest.values());
  return marks.filter((_, i) => keep.has(i));
}
