/** Local alias: global lookups are much slower inside Jest's VM context, and this is a hot path. */
const M = Math;

/** A concentration relative to the source: `along` metres downwind of it, `across` metres to the side. */
export interface PlumeFramePoint {
  along: number;
  across: number;
  ppm: number;
  /** Relative weight in the fit (e.g. recency). */
  weight: number;
}

/**
 * A Gaussian plume fitted to the samples of one compound, in the source's downwind frame:
 *
 *   ln C = a − n·ln x − β·(y/x)² + κ·(y/x) − γ/x²
 *
 * Where the spreads grow linearly with distance (σy = ay·x, σz = az·x: the near field of every
 * Pasquill–Gifford class), the ground-level Gaussian plume with ground reflection is exactly this:
 * a = ln(Q/(π·u·ay·az)), n = 2, β = 1/(2·ay²), γ = h²/(2·az²) for an effective release height h,
 * κ = 2βφ for an axis φ radians off the estimated one. Fitting n instead of fixing it at 2 absorbs
 * a σz that grows slower than x farther out. Every coefficient enters linearly, so the fit is one
 * weighted least-squares solve in log space: no iterations, no starting guesses.
 */
export interface DispersionFit {
  a: number;
  n: number;
  beta: number;
  kappa: number;
  gamma: number;
  /** Coefficient of determination of ln C over the points fitted. */
  r2: number;
  /** Detections fitted (samples at or above the floor). */
  pointsUsed: number;
  /** Farthest downwind distance with a sample at or above the floor, m: the model is trusted to a multiple of it. */
  reachM: number;
}

export interface DispersionFitOptions {
  /** Samples below this are non-detects (ppm): noise-dominated, and not fitted. */
  floorPpm: number;
}

/** Closer than this to the source a position error is many degrees and the plume not yet formed. */
const MIN_ALONG_M = 30;
/** Fewer detections, or detections over a shorter stretch of the plume, cannot fix the five coefficients. */
const MIN_DETECTIONS = 12;
const MIN_SPAN_M = 200;
/** Below it the shape explains too little of the measurements to stand in for them. */
export const MIN_FIT_R2 = 0.5;
/** Physical range of the centreline decay exponent; outside it the data are not a plume from this source. */
const N_RANGE: readonly [number, number] = [0.3, 4];
/** Axis corrections beyond this mean the axis estimate, not the shape, is wrong. */
const MAX_AXIS_CORRECTION_RAD = (12 * M.PI) / 180;

/**
 * Fits the plume shape to the detections, or null when they cannot support it (too few, too short
 * a stretch of the plume, a non-physical or poor fit). Non-detects are left out: where a turning
 * plume has merely moved, they contradict a straight plume, and fitting them as censored values
 * (clamped to the floor, or by EM) pulled the outline in: median full-plume IoU in the simulated
 * plant fire 0.48 and 0.45, against 0.65 without them.
 */
export function fitDispersion(points: readonly PlumeFramePoint[], o: DispersionFitOptions): DispersionFit | null {
  const detected: Row[] = [];
  let minAlong = Infinity;
  let reach = 0;
  for (const p of points) {
    if (!(p.along >= MIN_ALONG_M) || !(p.weight > 0)) continue;
    if (!(p.ppm >= o.floorPpm)) continue;
    detected.push(row(p.along, p.across, M.log(p.ppm), p.weight));
    if (p.along < minAlong) minAlong = p.along;
    if (p.along > reach) reach = p.along;
  }
  if (detected.length < MIN_DETECTIONS || reach - minAlong < MIN_SPAN_M) return null;

  const fit = solve(detected);
  if (!fit) return null;
  const axisCorrection = fit.kappa / (2 * fit.beta);
  if (fit.n < N_RANGE[0] || fit.n > N_RANGE[1] || M.abs(axisCorrection) > M.tan(MAX_AXIS_CORRECTION_RAD)) return null;
  const r2 = rSquared(fit, detected);
  if (r2 < MIN_FIT_R2) return null;
  return { ...fit, r2: M.round(r2 * 1000) / 1000, pointsUsed: detected.length, reachM: reach };
}

/** ln C of the fitted plume at (along, across); −Infinity upwind. */
export function lnConcentrationAt(fit: Coefficients, along: number, across: number): number {
  if (!(along > 0)) return -Infinity;
  const x = M.max(along, MIN_ALONG_M);
  const u = across / x;
  return fit.a - fit.n * M.log(x) - fit.beta * u * u + fit.kappa * u - fit.gamma / (x * x);
}

type Coefficients = Pick<DispersionFit, 'a' | 'n' | 'beta' | 'kappa' | 'gamma'>;

/** Regressors [1, −ln x, −(y/x)², y/x, −1/x²] of one point, its target ln C and weight. */
interface Row {
  x: readonly [number, number, number, number, number];
  lnC: number;
  w: number;
}

function row(along: number, across: number, lnC: number, w: number): Row {
  const u = across / along;
  return { x: [1, -M.log(along), -u * u, u, -1 / (along * along)], lnC, w };
}

function predict(f: Coefficients, x: Row['x']): number {
  return f.a + f.n * x[1] + f.beta * x[2] + f.kappa * x[3] + f.gamma * x[4];
}

/**
 * Weak priors, as pseudo-observations of each coefficient's effect on ln C at a typical scale: they
 * decide only what the data leave open (transects at two distances cannot separate n from γ; one
 * transect's side cannot tell a turned axis from a wide plume). n ≈ 1.8: a ground-level plume's
 * centreline decay between neutral and slightly stable air; γ ≈ 0 and κ ≈ 0: no lift-off, no turn.
 * Index = regressor index; `scale` converts a coefficient into ln C at the typical regressor size.
 */
const PRIORS: ReadonlyArray<{ index: number; mean: number; scale: number }> = [
  { index: 1, mean: 1.8, scale: 1 },
  { index: 3, mean: 0, scale: 0.1 },
  { index: 4, mean: 0, scale: 1 / 300 ** 2 },
];
/** Prior strength as a share of the data's total weight. */
const PRIOR_WEIGHT = 0.05;

/**
 * Weighted least squares with β > 0 required (a plume narrower than its surroundings) and γ ≥ 0
 * (a release cannot be below ground): a negative γ is refitted with γ = 0.
 */
function solve(rows: readonly Row[]): Coefficients | null {
  let c = leastSquares(rows, 5);
  if (c && c[4]! < 0) c = leastSquares(rows, 4);
  if (!c || !(c[2]! > 0)) return null;
  return { a: c[0]!, n: c[1]!, beta: c[2]!, kappa: c[3]!, gamma: c[4] ?? 0 };
}

/** Normal equations of the first `k` regressors plus the priors, solved by Gaussian elimination with partial pivoting. */
function leastSquares(rows: readonly Row[], k: number): number[] | null {
  const A = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  let total = 0;
  for (const r of rows) {
    total += r.w;
    for (let i = 0; i < k; i++) {
      const wi = r.w * r.x[i]!;
      for (let j = 0; j < k; j++) A[i]![j]! += wi * r.x[j]!;
      A[i]![k]! += wi * r.lnC;
    }
  }
  for (const p of PRIORS) {
    if (p.index >= k) continue;
    const precision = PRIOR_WEIGHT * total * p.scale * p.scale;
    A[p.index]![p.index]! += precision;
    A[p.index]![k]! += precision * p.mean;
  }
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let i = col + 1; i < k; i++) if (M.abs(A[i]![col]!) > M.abs(A[pivot]![col]!)) pivot = i;
    if (M.abs(A[pivot]![col]!) < 1e-300) return null;
    [A[col], A[pivot]] = [A[pivot]!, A[col]!];
    for (let i = 0; i < k; i++) {
      if (i === col) continue;
      const f = A[i]![col]! / A[col]![col]!;
      for (let j = col; j <= k; j++) A[i]![j]! -= f * A[col]![j]!;
    }
  }
  const out = A.map((r, i) => r[k]! / r[i]!);
  while (out.length < 5) out.push(0);
  return out.every(Number.isFinite) ? out : null;
}

function rSquared(f: Coefficients, rows: readonly Row[]): number {
  let w = 0;
  let mean = 0;
  for (const r of rows) {
    w += r.w;
    mean += r.w * r.lnC;
  }
  mean /= w;
  let ssRes = 0;
  let ssTot = 0;
  for (const r of rows) {
    ssRes += r.w * (r.lnC - predict(f, r.x)) ** 2;
    ssTot += r.w * (r.lnC - mean) ** 2;
  }
  return ssTot > 0 ? 1 - ssRes / ssTot : 0;
}
