import type { LatLon } from '@tianyan/contracts';
import type { PrecomputedField } from './compute-plume';
import { fitDispersion, lnConcentrationAt, type DispersionFit, type PlumeFramePoint } from './dispersion-fit';
import type { GridField } from './idw-field';
import { LocalMetricFrame } from './local-metric-frame';
import type { ConcentrationSample } from './concentration-sample';

/** Where a plume comes from and which way it points now. */
export interface PlumeAxis {
  source: LatLon;
  /** Bearing the plume points toward from the source, degrees clockwise from north. */
  towardDeg: number;
}

/**
 * The model is drawn this far beyond the farthest detection: a plume's decay is trusted a little
 * past the measurements (the farthest transect is rarely exactly at the plume's tip), not to its end.
 */
export const REACH_FACTOR = 1.3;
const MIN_CELL_M = 10;
const MAX_CELL_M = 50;
/** Cells along the longer side of the grid. */
const TARGET_CELLS = 160;

/** Samples in the source's downwind frame, weighted by recency: the newest air says most about now. */
export function toPlumeFrame(samples: readonly ConcentrationSample[], axis: PlumeAxis, now: number, recencyS: number): PlumeFramePoint[] {
  const frame = new LocalMetricFrame(axis.source.lat, axis.source.lon);
  const t = (axis.towardDeg * Math.PI) / 180;
  const sin = Math.sin(t);
  const cos = Math.cos(t);
  return samples.map((s) => {
    const x = frame.x(s.lon);
    const y = frame.y(s.lat);
    return { along: x * sin + y * cos, across: x * cos - y * sin, ppm: s.ppm, weight: Math.exp(-Math.max(0, now - s.time) / (recencyS * 1000)) };
  });
}

/**
 * The fitted plume on a grid around the source (local metres, LocalMetricFrame at the source), just
 * large enough to hold its outline at `lowestPpm` out to REACH_FACTOR × the farthest detection.
 */
export function dispersionField(fit: DispersionFit, axis: PlumeAxis, lowestPpm: number): { field: GridField; frame: LocalMetricFrame } | null {
  const lnLow = Math.log(lowestPpm);
  const maxAlong = fit.reachM * REACH_FACTOR;
  const t = (axis.towardDeg * Math.PI) / 180;
  const sin = Math.sin(t);
  const cos = Math.cos(t);
  // Outline in the plume frame, sampled along the axis, to size the grid.
  let minX = 0;
  let maxX = 0;
  let minY = 0;
  let maxY = 0;
  let any = false;
  for (let along = 10; along <= maxAlong; along += maxAlong / 200) {
    const across = halfWidths(fit, along, lnLow);
    if (!across) continue;
    any = true;
    for (const c of across) {
      const x = along * sin + c * cos;
      const y = along * cos - c * sin;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
  if (!any) return null;
  const cellM = Math.min(MAX_CELL_M, Math.max(MIN_CELL_M, Math.max(maxX - minX, maxY - minY) / TARGET_CELLS));
  // Two empty cells of margin so every contour closes inside the grid.
  const x0 = minX - 2 * cellM;
  const y0 = minY - 2 * cellM;
  const nx = Math.ceil((maxX - minX) / cellM) + 4;
  const ny = Math.ceil((maxY - minY) / cellM) + 4;
  const values = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    const y = y0 + (j + 0.5) * cellM;
    for (let i = 0; i < nx; i++) {
      const x = x0 + (i + 0.5) * cellM;
      const along = x * sin + y * cos;
      if (along > maxAlong) continue;
      const ln = lnConcentrationAt(fit, along, x * cos - y * sin);
      if (ln > -30) values[i + j * nx] = Math.exp(ln);
    }
  }
  return { field: { x0, y0, cellM, nx, ny, values }, frame: new LocalMetricFrame(axis.source.lat, axis.source.lon) };
}

/** The two crosswind offsets where the fitted plume falls to exp(lnLow) at `along`, or null when its centre is below. */
function halfWidths(fit: DispersionFit, along: number, lnLow: number): [number, number] | null {
  // lnC = L − β u² + κ u with u = across / along: a parabola in u.
  const L = lnConcentrationAt(fit, along, 0);
  const disc = fit.kappa * fit.kappa + 4 * fit.beta * (L - lnLow);
  if (disc <= 0) return null;
  const r = Math.sqrt(disc);
  return [((fit.kappa - r) / (2 * fit.beta)) * along, ((fit.kappa + r) / (2 * fit.beta)) * along];
}

/**
 * Readings this old weigh 1/e of the newest in the fit, s: the source strength and the wind change
 * within the window (full-plume IoU median 0.65 at 45–60 s, 0.63 at 90–120 s, 0.59 at 300 s).
 */
export const FIT_RECENCY_S = 60;
/** A reading below this fraction of the lowest band is a non-detect for the fit. */
export const FIT_FLOOR_FRACTION = 0.2;

/**
 * One compound's field from a dispersion fit to its samples along `axis`, or null when the samples
 * do not support one (the caller interpolates instead).
 */
export function fittedPlumeField(samples: readonly ConcentrationSample[], lowestPpm: number, axis: PlumeAxis, now: number): PrecomputedField | null {
  const fit = fitDispersion(toPlumeFrame(samples, axis, now, FIT_RECENCY_S), { floorPpm: lowestPpm * FIT_FLOOR_FRACTION });
  if (!fit) return null;
  const grid = dispersionField(fit, axis, lowestPpm);
  if (!grid) return null;
  const correctionDeg = (Math.atan(fit.kappa / (2 * fit.beta)) * 180) / Math.PI;
  return { ...grid, estimate: { method: 'dispersion-fit', r2: fit.r2, points: fit.pointsUsed, towardDeg: Math.round(((axis.towardDeg + correctionDeg + 360) % 360) * 10) / 10 } };
}

