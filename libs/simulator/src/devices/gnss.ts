import type { Xy } from '../geo/local-frame';
import type { Rng } from '../random/rng';
import type { FaultPlan } from '../scenario/faults';

/** Local alias: global lookups are ~8× slower inside Jest's VM context, and this is a hot path. */
const M = Math;

/**
 * GNSS receiver error: a slowly wandering offset (first-order Gauss–Markov, ~1 m, 30 s correlation)
 * as real fixes show, a satellite count that drifts, and injected jumps (multipath, spoofing) of
 * hundreds of metres for a few seconds.
 */
export class GnssModel {
  private ex = 0;
  private ey = 0;
  private lastMs = 0;
  private sats: number;

  constructor(
    private readonly deviceId: string,
    private readonly rng: Rng,
    private readonly faults: FaultPlan,
    private readonly sigmaM = 0.9,
  ) {
    this.sats = rng.int(14, 22);
  }

  /** Reported position for true position p at t; call once per fix, in time order. */
  fix(p: Xy, tMs: number): { pos: Xy; satellites: number; jumped: boolean } {
    const dt = M.max(0, (tMs - this.lastMs) / 1000);
    this.lastMs = tMs;
    const a = M.exp(-dt / 30);
    const s = this.sigmaM * M.sqrt(1 - a * a);
    this.ex = a * this.ex + this.rng.normal(0, s);
    this.ey = a * this.ey + this.rng.normal(0, s);
    if (this.rng.chance(0.02)) this.sats = M.max(10, M.min(27, this.sats + this.rng.pick([-1, 1])));
    const jump = this.faults.active(this.deviceId, 'gnss-jump', tMs);
    const jx = jump?.params['dxM'] ?? 0;
    const jy = jump?.params['dyM'] ?? 0;
    return { pos: { x: p.x + this.ex + jx, y: p.y + this.ey + jy }, satellites: this.sats, jumped: jump !== undefined };
  }
}
