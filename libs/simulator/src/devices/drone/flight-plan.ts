import type { Xy } from '../../geo/local-frame';

/** What a drone flies once airborne: a lawnmower survey or an orbit around a point of interest. */
export type Mission =
  | { kind: 'survey'; waypoints: Xy[]; altM: number }
  | { kind: 'orbit'; centre: Xy; radiusM: number; altM: number };

/**
 * Lawnmower waypoints over a rectangle given by its centre, its long axis bearing (degrees) and size.
 * Lines run along the axis and step across it by `spacingM` (camera swath with some overlap).
 */
export function lawnmower(centre: Xy, axisDeg: number, lengthM: number, widthM: number, spacingM: number): Xy[] {
  const a = (axisDeg * Math.PI) / 180;
  const along = { x: Math.sin(a), y: Math.cos(a) };
  const across = { x: Math.cos(a), y: -Math.sin(a) };
  const lines = Math.max(2, Math.floor(widthM / spacingM) + 1);
  const points: Xy[] = [];
  for (let i = 0; i < lines; i++) {
    const c = -widthM / 2 + (i * widthM) / (lines - 1);
    const ends = [-lengthM / 2, lengthM / 2];
    if (i % 2 === 1) ends.reverse();
    for (const l of ends) points.push({ x: centre.x + along.x * l + across.x * c, y: centre.y + along.y * l + across.y * c });
  }
  return points;
}
