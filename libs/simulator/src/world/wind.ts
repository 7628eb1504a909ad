import type { Rng } from '../random/rng';
import { normalizeDeg } from '../geo/local-frame';

/** Local alias: global lookups are ~8× slower inside Jest's VM context, and this is a hot path. */
const M = Math;

export interface WindSample {
  /** Meteorological direction the wind blows FROM, degrees clockwise from north. */
  fromDeg: number;
  speedMs: number;
}

export interface WindConfig {
  meanFromDeg: number;
  meanSpeedMs: number;
  /** Amplitude of the slow direction drift, degrees. */
  driftDeg: number;
  /** Relative amplitude of the speed drift (0.3 = ±30 %). */
  speedDrift: number;
}

/**
 * Wind that drifts, as a closed-form function of time (a sum of slow sinusoids with seeded periods
 * and phases) rather than a stepped random walk: any device can ask for the wind at any instant
 * without the answer depending on who asked first.
 */
export class Wind {
  private readonly dirTerms: Array<{ amp: number; omega: number; phase: number }>;
  private readonly speedTerms: Array<{ amp: number; omega: number; phase: number }>;

  constructor(private readonly cfg: WindConfig, rng: Rng) {
    const terms = (amp: number) =>
      [2400, 900, 310].map((periodS, i) => ({
        amp: amp / (i + 1),
        omega: (2 * M.PI) / (periodS * rng.uniform(0.8, 1.25)),
        phase: rng.uniform(0, 2 * M.PI),
      }));
    this.dirTerms = terms(cfg.driftDeg / 1.8);
    this.speedTerms = terms(cfg.speedDrift / 1.8);
  }

  /** Wind at virtual time t (seconds since the scenario start). */
  at(tS: number): WindSample {
    let dir = this.cfg.meanFromDeg;
    for (const k of this.dirTerms) dir += k.amp * M.sin(k.omega * tS + k.phase);
    let rel = 1;
    for (const k of this.speedTerms) rel += k.amp * M.sin(k.omega * tS + k.phase);
    return { fromDeg: normalizeDeg(dir), speedMs: M.max(0.8, this.cfg.meanSpeedMs * rel) };
  }
}

/** Unit vector the air moves towards (east, north) for a wind blowing from `fromDeg`. */
export function downwindUnit(fromDeg: number): { x: number; y: number } {
  const rad = (fromDeg * M.PI) / 180;
  return { x: -M.sin(rad), y: -M.cos(rad) };
}
