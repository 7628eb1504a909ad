import type { Xy } from '../geo/local-frame';
import type { Rng } from '../random/rng';
import type { CompoundKey } from './compounds';
import type { StabilityClass } from './plume';

/** Local alias: global lookups are ~8× slower inside Jest's VM context, and this is a hot path. */
const M = Math;

/** How a source's strength evolves: a fire that builds up and flares, or an outfall dumping in batches. */
export type StrengthProfile =
  | { kind: 'fire'; rampS: number; cycleS: number }
  | { kind: 'batches'; periodS: number; onS: number; baseline: number };

export interface ReleaseConfig {
  id: string;
  /** Emission points: one for a stack or fire, several along a water plume for an area source. */
  points: ReadonlyArray<{ at: Xy; weight: number }>;
  heightM: number;
  stability: StabilityClass;
  /** Peak emission rate per compound, g/s (multiplied by the profile, 0…~1). */
  ratesGs: Partial<Record<CompoundKey, number>>;
  profile: StrengthProfile;
  startS: number;
}

/**
 * A source whose strength changes over time. Like the wind it is a closed-form function of time with
 * seeded phases, so it can be sampled anywhere (devices, ground truth) in any order.
 */
export class Release {
  private readonly phase: number;
  private readonly flutter: number;

  constructor(readonly cfg: ReleaseConfig, rng: Rng) {
    this.phase = rng.uniform(0, 2 * M.PI);
    this.flutter = rng.uniform(0, 2 * M.PI);
  }

  /** Relative strength 0…1.1 at virtual time t (s since scenario start). */
  strength(tS: number): number {
    const s = tS - this.cfg.startS;
    if (s < 0) return 0;
    const p = this.cfg.profile;
    const wobble = 1 + 0.08 * M.sin((2 * M.PI * s) / 173 + this.flutter);
    if (p.kind === 'fire') {
      const ramp = M.min(1, s / p.rampS);
      // Slow cycle of burn-down and flare-up keeps an endless demo eventful; never below 0.3.
      const cycle = 0.65 + 0.25 * M.sin((2 * M.PI * s) / p.cycleS + this.phase) + 0.1 * M.sin((2 * M.PI * s) / (p.cycleS / 7.3));
      return ramp * cycle * wobble;
    }
    const inPeriod = s % p.periodS;
    // Smooth 2-minute edges: a valve opening, not a step.
    const edge = M.min(1, inPeriod / 120, M.max(0, (p.onS - inPeriod) / 120));
    return (p.baseline + (1 - p.baseline) * M.max(0, edge)) * wobble;
  }

  rateGs(compound: CompoundKey, tS: number): number {
    return (this.cfg.ratesGs[compound] ?? 0) * this.strength(tS);
  }

  compounds(): CompoundKey[] {
    return Object.keys(this.cfg.ratesGs) as CompoundKey[];
  }
}
