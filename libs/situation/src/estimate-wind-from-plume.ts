import bearing from '@turf/bearing';
import distance from '@turf/distance';
import type { LatLon, MultiPolygonCoordinates } from '@tianyan/contracts';

export interface PlumeAxisInput {
  /** Concentration-weighted centre of the extent zone. */
  centroid: LatLon | null;
  /** Highest interpolated concentration. */
  peak: LatLon | null;
  extent: MultiPolygonCoordinates;
  /** A known source position (the hottest thermal pixel of a fire), if any. */
  source: LatLon | null;
}

/** Below this the axis is too short to give a direction. */
const MIN_AXIS_M = 30;

/**
 * Wind direction read off the plume when no met input exists: air carries the plume away from its
 * source, so the axis from the source to the plume's centroid points downwind. Without a known source
 * the peak stands in for it and the axis runs to the far end of the extent (the extent vertex farthest
 * from the peak). Speed cannot be read off a steady plume: null. Null when the axis is too short.
 */
export function estimateWindFromPlume(p: PlumeAxisInput): { fromDeg: number; speedMs: null } | null {
  if (p.source && p.centroid) {
    const from = [p.source.lon, p.source.lat];
    const to = [p.centroid.lon, p.centroid.lat];
    if (distance(from, to, { units: 'meters' }) >= MIN_AXIS_M) return { fromDeg: fromOf(bearing(from, to)), speedMs: null };
  }
  if (!p.peak) return null;
  const from = [p.peak.lon, p.peak.lat];
  let far: number[] | null = null;
  let farM = MIN_AXIS_M;
  for (const polygon of p.extent) {
    for (const v of polygon[0] ?? []) {
      const d = distance(from, v, { units: 'meters' });
      if (d > farM) {
        farM = d;
        far = v;
      }
    }
  }
  return far ? { fromDeg: fromOf(bearing(from, far)), speedMs: null } : null;
}

/** Meteorological "from" direction of air moving toward `towardDeg`. */
function fromOf(towardDeg: number): number {
  return Math.round(((towardDeg + 180 + 360) % 360) * 10) / 10;
}
