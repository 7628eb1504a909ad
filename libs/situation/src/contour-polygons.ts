import { contours } from 'd3-contour';
import type { MultiPolygonCoordinates } from '@tianyan/contracts';
import type { GridField } from './idw-field';
import { round6, type LocalMetricFrame } from './local-metric-frame';

/**
 * Outlines of the field at or above `threshold` as lon/lat multipolygons (d3-contour marching
 * squares). d3 places value i at grid coordinate i + 0.5, which is exactly the cell centre, so grid
 * coordinate g maps to x0 + g · cellM. Collinear vertices along straight runs are dropped and the
 * rest rounded to 6 decimals, which bounds what a stored snapshot carries.
 */
export function contourPolygons(field: GridField, thresholds: readonly number[], frame: LocalMetricFrame): MultiPolygonCoordinates[] {
  const generator = contours().size([field.nx, field.ny]).thresholds([...thresholds]);
  const out = generator(Array.from(field.values));
  return out.map((mp) =>
    mp.coordinates.map((polygon) =>
      polygon.map((ring) => {
        const lonLat = simplifyCollinear(ring).map(([gx, gy]) => [round6(frame.lon(field.x0 + gx! * field.cellM)), round6(frame.lat(field.y0 + gy! * field.cellM))]);
        return lonLat;
      }),
    ),
  );
}

/** Drops ring vertices that lie on the straight line through their neighbours (closed ring in, closed ring out). */
function simplifyCollinear(ring: number[][]): number[][] {
  if (ring.length <= 4) return ring;
  const open = ring.slice(0, -1);
  const kept: number[][] = [];
  for (let i = 0; i < open.length; i++) {
    const a = open[(i - 1 + open.length) % open.length]!;
    const b = open[i]!;
    const c = open[(i + 1) % open.length]!;
    const cross = (b[0]! - a[0]!) * (c[1]! - b[1]!) - (b[1]! - a[1]!) * (c[0]! - b[0]!);
    if (Math.abs(cross) > 1e-9) kept.push(b);
  }
  if (kept.length < 3) return ring;
  return [...kept, kept[0]!];
}
