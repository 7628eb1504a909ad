/** A reading's position relative to the source (local metres) and how far it exceeds the outer band (ppm / threshold). */
export interface ExceedancePoint {
  deviceId: string;
  time: number;
  x: number;
  y: number;
  ratio: number;
}

/** Where the plume pointed when one device crossed it: the exceedance-weighted bearing from the source. */
export interface AxisFix {
  time: number;
  towardDeg: number;
}

/** Readings this close to the source give no usable bearing (a few metres of position noise are many degrees). */
const MIN_RANGE_M = 60;
/** A crossing continues over gaps this long (a missed reading or a dip below the threshold inside the plume). */
const MAX_GAP_MS = 5000;

/**
 * One fix per plume crossing: each device's consecutive readings above the outer band form a
 * crossing, whose bearing from the source (weighted by how far each reading exceeds the band) is
 * the plume's centreline then. A single reading's bearing is not: it is where the device was, anywhere
 * across the plume. Sorted by time.
 */
export function plumeAxisFixes(points: readonly ExceedancePoint[]): AxisFix[] {
  const byDevice = new Map<string, ExceedancePoint[]>();
  for (const p of points) {
    if (p.ratio < 1 || Math.hypot(p.x, p.y) < MIN_RANGE_M) continue;
    const list = byDevice.get(p.deviceId);
    if (list) list.push(p);
    else byDevice.set(p.deviceId, [p]);
  }
  const fixes: AxisFix[] = [];
  for (const list of byDevice.values()) {
    list.sort((a, b) => a.time - b.time);
    let run: ExceedancePoint[] = [];
    for (const p of list) {
      if (run.length > 0 && p.time - run[run.length - 1]!.time > MAX_GAP_MS) {
        fixes.push(fixOf(run));
        run = [];
      }
      run.push(p);
    }
    if (run.length > 0) fixes.push(fixOf(run));
  }
  return fixes.sort((a, b) => a.time - b.time);
}

function fixOf(run: readonly ExceedancePoint[]): AxisFix {
  // Circular mean of unit bearing vectors, weighted by log exceedance: the core counts more than the fringe.
  let sx = 0;
  let sy = 0;
  let st = 0;
  let w = 0;
  for (const p of run) {
    const r = Math.hypot(p.x, p.y);
    const wi = 1 + Math.log(p.ratio);
    sx += (wi * p.x) / r;
    sy += (wi * p.y) / r;
    st += wi * p.time;
    w += wi;
  }
  return { time: st / w, towardDeg: toDeg(Math.atan2(sx, sy)) };
}

/**
 * The plume axis as a function of time from its fixes: a local linear fit over the fixes within a
 * Gaussian time kernel (so the newest estimate follows a turning wind instead of lagging behind it),
 * in degrees unwrapped around the fixes' mean. Null without fixes (`fixes` sorted by time).
 */
export function axisTrack(fixes: readonly AxisFix[], kernelS: number): ((time: number) => number) | null {
  if (fixes.length === 0) return null;
  let cx = 0;
  let cy = 0;
  for (const f of fixes) {
    cx += Math.sin(toRad(f.towardDeg));
    cy += Math.cos(toRad(f.towardDeg));
  }
  const ref = toDeg(Math.atan2(cx, cy));
  const all = fixes.map((f) => ({ time: f.time, deg: ref + wrap180(f.towardDeg - ref) }));
  const fit = localLinear(all, kernelS * 1000);
  // A slope is trusted for one kernel width beyond the fixes; further out the last estimate holds.
  const from = all[0]!.time - kernelS * 1000;
  const to = all[all.length - 1]!.time + kernelS * 1000;
  return (time) => fit(Math.min(to, Math.max(from, time)));
}

function localLinear(fixes: ReadonlyArray<{ time: number; deg: number }>, sigmaMs: number): (time: number) => number {
  return (time) => {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let sy = 0;
    let sty = 0;
    for (const f of fixes) {
      const dt = (f.time - time) / sigmaMs;
      const w = Math.exp(-0.5 * dt * dt);
      s0 += w;
      s1 += w * dt;
      s2 += w * dt * dt;
      sy += w * f.deg;
      sty += w * dt * f.deg;
    }
    if (s0 < 1e-9) return nearest(fixes, time);
    const det = s0 * s2 - s1 * s1;
    // Too few or too clustered fixes for a slope: their weighted mean.
    if (det < 0.05 * s0 * s0) return sy / s0;
    return (s2 * sy - s1 * sty) / det;
  };
}

function nearest(fixes: ReadonlyArray<{ time: number; deg: number }>, time: number): number {
  let best = fixes[0]!;
  for (const f of fixes) if (Math.abs(f.time - time) < Math.abs(best.time - time)) best = f;
  return best.deg;
}

export function wrap180(deg: number): number {
  return ((((deg + 180) % 360) + 360) % 360) - 180;
}

function toRad(deg: number): number {
  return (deg * Math.PI) / 180;
}

function toDeg(rad: number): number {
  return ((rad * 180) / Math.PI + 360) % 360;
}
