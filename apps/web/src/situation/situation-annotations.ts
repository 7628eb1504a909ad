import type { PlumeSnapshot } from '@tianyan/contracts';
import { destination, outerRings, type LonLat } from './situation-geometry';

/** The drift arrow shows how far the centroid drifts in this long at the current speed… */
export const DRIFT_ARROW_S = 120;
/** …clamped to this share of the plume's radius, so it reads as an annotation of its plume at any zoom… */
const DRIFT_ARROW_MIN_RADII = 0.4;
const DRIFT_ARROW_MAX_RADII = 1.2;
/** …and to these absolute lengths (a calm plume still shows its direction; a huge one no runaway arrow). */
const DRIFT_ARROW_MIN_M = 40;
const DRIFT_ARROW_MAX_M = 1500;

export type LabelSide = 'top' | 'bottom' | 'left' | 'right';

/** Length (m) of a plume's drift arrow: the distance drifted in DRIFT_ARROW_S, clamped to the plume's size. */
export function driftArrowLengthM(speedMs: number, extentAreaKm2: number): number {
  const radiusM = Number.isFinite(extentAreaKm2) ? Math.sqrt((Math.max(0, extentAreaKm2) * 1e6) / Math.PI) : 0;
  const min = Math.max(DRIFT_ARROW_MIN_M, DRIFT_ARROW_MIN_RADII * radiusM);
  const max = Math.min(DRIFT_ARROW_MAX_M, Math.max(min, DRIFT_ARROW_MAX_RADII * radiusM));
  const drifted = Number.isFinite(speedMs) ? Math.max(0, speedMs) * DRIFT_ARROW_S : 0;
  return Math.min(max, Math.max(min, drifted));
}

/** The arrow from a plume's centroid along its drift, or null without a centroid or drift. */
export function driftArrow(plume: PlumeSnapshot): [LonLat, LonLat] | null {
  if (!plume.centroid || !plume.drift || !Number.isFinite(plume.drift.towardDeg) || !Number.isFinite(plume.drift.speedMs)) return null;
  const from: LonLat = [plume.centroid.lon, plume.centroid.lat];
  return [from, destination(from, plume.drift.towardDeg, driftArrowLengthM(plume.drift.speedMs, plume.extentAreaKm2))];
}

/**
 * Where a plume's label goes: on the right flank of its outermost zone, beside its centroid (the
 * vertex furthest to the right of the drift, less how far it lies along the drift from the
 * centroid), set off outward. The drift arrow runs from the centroid along the plume, so it never
 * crosses the label; the source, where every plume starts and the devices crowd, is left clear.
 * Without a drift: above the northernmost vertex. Null for a plume without zones.
 */
export function plumeLabelPlace(plume: PlumeSnapshot): { anchor: LonLat; side: LabelSide } | null {
  const outer = plume.zones[plume.zones.length - 1];
  const points = outer ? outerRings(outer.polygon).flat() : [];
  if (points.length === 0) return null;
  const drift = plume.drift && Number.isFinite(plume.drift.towardDeg) ? plume.drift.towardDeg : null;
  const rad = Math.PI / 180;
  // Unit vectors (east, north): along the drift, and toward the label's side 90° clockwise of it (north without a drift).
  const along = drift === null ? null : ([Math.sin(drift * rad), Math.cos(drift * rad)] as const);
  const side = drift === null ? ([0, 1] as const) : ([Math.sin((drift + 90) * rad), Math.cos((drift + 90) * rad)] as const);
  const cosLat = Math.cos(points[0]![1] * rad);
  const c = plume.centroid ? [plume.centroid.lon, plume.centroid.lat] : points[0]!;
  let best = points[0]!;
  let bestScore = -Infinity;
  for (const p of points) {
    const x = (p[0] - c[0]!) * cosLat;
    const y = p[1] - c[1]!;
    const score = x * side[0] + y * side[1] - (along ? Math.abs(x * along[0] + y * along[1]) : 0);
    if (score > bestScore) {
      bestScore = score;
      best = p;
    }
  }
  const [ux, uy] = side;
  return { anchor: best, side: Math.abs(uy) > Math.abs(ux) ? (uy > 0 ? 'top' : 'bottom') : ux >= 0 ? 'right' : 'left' };
}
