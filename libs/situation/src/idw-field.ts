/** Local alias: global lookups are much slower inside Jest's VM context, and this is a hot path. */
const M = Math;

/** A point value in local metres (see LocalMetricFrame). */
export interface FieldPoint {
  x: number;
  y: number;
  value: number;
  /** Who measured it: a walking device's many readings in one cell count once. */
  source: string;
}

/** A scalar field on a regular grid; value[i + j·nx] is sampled at the centre of cell (i, j). */
export interface GridField {
  /** South-west corner of the grid, local metres. */
  x0: number;
  y0: number;
  cellM: number;
  nx: number;
  ny: number;
  values: Float64Array;
}

export interface IdwOptions {
  cellM?: number;
  power: number;
  searchRadiusM: number;
  /** Largest grid side in cells; the cell grows when the spread would need more. */
  maxCells?: number;
  /**
   * Wind-aligned anisotropy: distances along `towardDeg` count 1/`ratio` as much as across it, so a
   * sample speaks for a stretch of plume up- and downwind of it (plumes are long and narrow).
   */
  anisotropy?: { towardDeg: number; ratio: number } | null;
}

/**
 * Points a cell averages: its nearest few. Plain IDW over every point in the radius lets the many
 * distant clean-air samples (weight 1/d² but a count growing with d) flatten a plume's peak.
 */
const NEAREST = 12;
const MIN_CELL_M = 20;
const MAX_CELL_M = 50;

/**
 * Inverse-distance weighting on a grid over the points' bounding box plus a margin. Points are first
 * averaged per source and grid cell, so a device lingering in one spot weighs as one sample there.
 * Each cell averages its nearest points (NEAREST) within `searchRadiusM`; cells with none there have
 * no data and stay 0. Distances are floored
 * at half a cell, which keeps a single sample from making a needle the contour cannot resolve.
 */
export function idwField(points: readonly FieldPoint[], o: IdwOptions): GridField | null {
  return idwFields(points.map((p) => ({ x: p.x, y: p.y, values: [p.value], source: p.source })), 1, o)?.[0] ?? null;
}

/** Several values measured at the same points (the gases of one survey reading). */
export interface MultiFieldPoint {
  x: number;
  y: number;
  values: readonly number[];
  source: string;
}

/**
 * idwField for `channels` values per point at once: the weights depend only on the geometry, so
 * the compounds of a multi-gas survey share one pass (the costly part).
 */
export function idwFields(points: readonly MultiFieldPoint[], channels: number, o: IdwOptions): GridField[] | null {
  if (points.length === 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    if (p.x < minX) minX = p.x;
    if (p.x > maxX) maxX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.y > maxY) maxY = p.y;
  }
  const maxCells = o.maxCells ?? 200;
  const spread = M.max(maxX - minX, maxY - minY);
  let cellM = o.cellM ?? M.min(MAX_CELL_M, M.max(MIN_CELL_M, spread / 150));
  const ratio = o.anisotropy && o.anisotropy.ratio > 1 ? o.anisotropy.ratio : 1;
  // The margin lets contours close around edge samples; beyond searchRadius the field is 0 anyway.
  const margin = (m: number) => M.min(o.searchRadiusM, 200) * ratio + 2 * m;
  while ((spread + 2 * margin(cellM)) / cellM > maxCells) cellM *= 1.25;
  const pad = margin(cellM);
  const x0 = minX - pad;
  const y0 = minY - pad;
  const nx = M.max(2, M.ceil((maxX - minX + 2 * pad) / cellM));
  const ny = M.max(2, M.ceil((maxY - minY + 2 * pad) / cellM));

  // IDW runs in (u, v): along-wind metres divided by the ratio, and crosswind metres.
  const a = ((o.anisotropy?.towardDeg ?? 0) * M.PI) / 180;
  const ax = M.sin(a);
  const ay = M.cos(a);
  const toU = (x: number, y: number) => (ratio === 1 ? x : (x * ax + y * ay) / ratio);
  const toV = (x: number, y: number) => (ratio === 1 ? y : -x * ay + y * ax);
  const merged = mergePerSourceCell(points, channels, x0, y0, cellM).map((p) => ({ x: toU(p.x, p.y), y: toV(p.x, p.y), values: p.values }));
  let u0 = Infinity;
  let v0 = Infinity;
  for (const p of merged) {
    if (p.x < u0) u0 = p.x;
    if (p.y < v0) v0 = p.y;
  }
  // Buckets of half the search radius, 5 × 5 around a cell: fewer points tested than 3 × 3 of the full radius.
  const size = o.searchRadiusM / 2;
  u0 -= 3 * size;
  v0 -= 3 * size;
  const buckets = bucketize(merged, channels, size, u0, v0);
  const out = Array.from({ length: channels }, () => new Float64Array(nx * ny));
  const vSum = new Float64Array(channels);
  const r2 = o.searchRadiusM * o.searchRadiusM;
  const floor2 = (cellM / 2) ** 2;
  const halfPower = o.power / 2;
  const { bx: bxs, by: bys, start, px, py, pv } = buckets;
  const single = channels === 1;
  const nearD2 = new Float64Array(NEAREST);
  const nearIx = new Int32Array(NEAREST);
  for (let j = 0; j < ny; j++) {
    const yc = y0 + (j + 0.5) * cellM;
    for (let i = 0; i < nx; i++) {
      const xc = x0 + (i + 0.5) * cellM;
      const cx = toU(xc, yc);
      const cy = toV(xc, yc);
      const bi = M.floor((cx - u0) / size);
      const bj = M.floor((cy - v0) / size);
      // The K nearest points within the search radius (insertion into a small sorted list).
      let found = 0;
      for (let b2 = M.max(0, bj - 2); b2 <= M.min(bys - 1, bj + 2); b2++) {
        for (let b1 = M.max(0, bi - 2); b1 <= M.min(bxs - 1, bi + 2); b1++) {
          const b = b1 + b2 * bxs;
          for (let k = start[b]!, end = start[b + 1]!; k < end; k++) {
            const ddx = px[k]! - cx;
            const ddy = py[k]! - cy;
            const d2 = ddx * ddx + ddy * ddy;
            if (d2 > r2 || (found === NEAREST && d2 >= nearD2[NEAREST - 1]!)) continue;
            let at = found < NEAREST ? found++ : NEAREST - 1;
            while (at > 0 && nearD2[at - 1]! > d2) {
              nearD2[at] = nearD2[at - 1]!;
              nearIx[at] = nearIx[at - 1]!;
              at--;
            }
            nearD2[at] = d2;
            nearIx[at] = k;
          }
        }
      }
      let wSum = 0;
      let v1 = 0;
      if (!single) vSum.fill(0);
      for (let n = 0; n < found; n++) {
        const d2 = nearD2[n]! < floor2 ? floor2 : nearD2[n]!;
        const w = halfPower === 1 ? 1 / d2 : M.pow(d2, -halfPower);
        const k = nearIx[n]!;
        wSum += w;
        if (single) v1 += w * pv[k]!;
        else for (let c = 0; c < channels; c++) vSum[c]! += w * pv[k * channels + c]!;
      }
      if (wSum === 0) continue; // no data: stays 0
      if (single) out[0]![i + j * nx] = v1 / wSum;
      else for (let c = 0; c < channels; c++) out[c]![i + j * nx] = vSum[c]! / wSum;
    }
  }
  return out.map((values) => ({ x0, y0, cellM, nx, ny, values }));
}

interface MergedPoint {
  x: number;
  y: number;
  values: Float64Array;
}

function mergePerSourceCell(points: readonly MultiFieldPoint[], channels: number, x0: number, y0: number, cellM: number): MergedPoint[] {
  const acc = new Map<string, { x: number; y: number; v: Float64Array; n: number }>();
  for (const p of points) {
    const key = `${p.source}|${M.floor((p.x - x0) / cellM)}|${M.floor((p.y - y0) / cellM)}`;
    let a = acc.get(key);
    if (!a) acc.set(key, (a = { x: 0, y: 0, v: new Float64Array(channels), n: 0 }));
    a.x += p.x;
    a.y += p.y;
    for (let c = 0; c < channels; c++) a.v[c]! += p.values[c]!;
    a.n++;
  }
  return [...acc.values()].map((a) => ({ x: a.x / a.n, y: a.y / a.n, values: a.v.map((v) => v / a.n) }));
}

/** Square buckets in flat arrays (counting sort); values stored `channels` per point. */
function bucketize(points: readonly MergedPoint[], channels: number, size: number, u0: number, v0: number) {
  let bx = 1;
  let by = 1;
  for (const p of points) {
    bx = M.max(bx, M.floor((p.x - u0) / size) + 4);
    by = M.max(by, M.floor((p.y - v0) / size) + 4);
  }
  const keyOf = (p: MergedPoint) => M.floor((p.x - u0) / size) + M.floor((p.y - v0) / size) * bx;
  const start = new Int32Array(bx * by + 1);
  for (const p of points) start[keyOf(p) + 1]!++;
  for (let b = 0; b < bx * by; b++) start[b + 1]! += start[b]!;
  const fill = start.slice(0, bx * by);
  const px = new Float64Array(points.length);
  const py = new Float64Array(points.length);
  const pv = new Float64Array(points.length * channels);
  for (const p of points) {
    const k = fill[keyOf(p)]!++;
    px[k] = p.x;
    py[k] = p.y;
    pv.set(p.values, k * channels);
  }
  return { bx, by, start, px, py, pv };
}
