import type { Xy } from '../../geo/local-frame';
import type { CarrierRoute } from './carrier-route';

export interface PlumeSurveyConfig {
  /** The release the plume comes from. */
  source: Xy;
  /** Where the UAV takes off and waits until `startS`. */
  launch: Xy;
  startS: number;
  /** Wind direction (from, degrees) as the crew reads it off the met station at the start of a pass. */
  windFromDeg: (tS: number) => number;
  /** Downwind distances of the crosswind transects, m, nearest first. */
  distancesM: readonly number[];
  /** Crosswind half-length of a transect at a downwind distance, m (a sector widens with range). */
  halfWidthM: (distM: number) => number;
  speedMs: number;
}

const MAX_LEGS = 256;

interface Leg {
  t0: number;
  t1: number;
  a: Xy;
  b: Xy;
}

/**
 * A plume-mapping flight: repeated passes of crosswind transects across the downwind sector, laid
 * out against the wind read at the start of each pass (so a turning wind is followed pass by pass).
 * Passes alternate near→far and far→near, each transect flown opposite to the last (boustrophedon),
 * so no time is lost on dead legs. Legs are planned as time reaches them; any t can be asked for.
 */
export class PlumeSurveyRoute implements CarrierRoute {
  private readonly legs: Leg[] = [];
  private passes = 0;
  private last = 0;

  constructor(private readonly cfg: PlumeSurveyConfig) {
    this.legs.push({ t0: -Infinity, t1: cfg.startS, a: cfg.launch, b: cfg.launch });
  }

  at(tS: number): Xy {
    while (this.legs[this.legs.length - 1]!.t1 < tS) this.planPass();
    if (this.legs.length > MAX_LEGS) this.forget();
    // Time mostly moves forward: start from the leg found last time.
    let i = this.legs[this.last]!.t0 <= tS ? this.last : 0;
    while (this.legs[i]!.t1 < tS) i++;
    this.last = i;
    const leg = this.legs[i]!;
    const f = leg.t1 > leg.t0 && Number.isFinite(leg.t0) ? (tS - leg.t0) / (leg.t1 - leg.t0) : 0;
    return { x: leg.a.x + (leg.b.x - leg.a.x) * f, y: leg.a.y + (leg.b.y - leg.a.y) * f };
  }

  /** Duration of one pass with no wind change (the window a full picture needs), s. */
  static passDurationS(cfg: Pick<PlumeSurveyConfig, 'distancesM' | 'halfWidthM' | 'speedMs'>): number {
    const ds = cfg.distancesM;
    let m = 0;
    ds.forEach((d, i) => {
      m += 2 * cfg.halfWidthM(d);
      if (i > 0) m += Math.hypot(d - ds[i - 1]!, cfg.halfWidthM(d) - cfg.halfWidthM(ds[i - 1]!));
    });
    return m / cfg.speedMs;
  }

  /** An endless run (the demo) keeps only recent legs; earlier times are answered from the oldest kept. */
  private forget(): void {
    const drop = this.legs.length - MAX_LEGS / 2;
    this.legs.splice(0, drop);
    this.legs[0] = { ...this.legs[0]!, t0: -Infinity, a: this.legs[0]!.b };
    this.last = Math.max(0, this.last - drop);
  }

  private planPass(): void {
    const prev = this.legs[this.legs.length - 1]!;
    const t = prev.t1;
    const downwind = ((this.cfg.windFromDeg(t) + 180) * Math.PI) / 180;
    const d = { x: Math.sin(downwind), y: Math.cos(downwind) };
    const c = { x: d.y, y: -d.x }; // crosswind, to the right of downwind
    const order = this.passes % 2 === 0 ? [...this.cfg.distancesM] : [...this.cfg.distancesM].reverse();
    const waypoints: Xy[] = [];
    order.forEach((dist, k) => {
      const half = this.cfg.halfWidthM(dist) * (k % 2 === 0 ? 1 : -1);
      const mid = { x: this.cfg.source.x + d.x * dist, y: this.cfg.source.y + d.y * dist };
      waypoints.push({ x: mid.x - c.x * half, y: mid.y - c.y * half }, { x: mid.x + c.x * half, y: mid.y + c.y * half });
    });
    let at = prev.b;
    let t0 = t;
    for (const wp of waypoints) {
      const t1 = t0 + Math.max(1, Math.hypot(wp.x - at.x, wp.y - at.y) / this.cfg.speedMs);
      this.legs.push({ t0, t1, a: at, b: wp });
      at = wp;
      t0 = t1;
    }
    this.passes++;
  }
}
