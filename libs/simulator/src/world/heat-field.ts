import type { Xy } from '../geo/local-frame';
import type { Release } from './release';
import type { River } from './river';

/** A hot zone the thermal camera can see: a fire or reaction zone, or a warm outfall plume on water. */
export type HeatSource =
  | { kind: 'fire'; id: string; centre: Xy; sigmaM: number; release: Release; minPeakC: number; maxPeakC: number }
  | { kind: 'outfall'; id: string; mouth: Xy; flow: Xy; deltaC: number; decayM: number; release: Release };

/** Surface (brightness) temperature of the ground and water, with the heat sources on top. */
export class HeatField {
  constructor(
    private readonly sources: readonly HeatSource[],
    private readonly river: River | null,
  ) {}

  /** Background surface temperature: land a little above air (sun on roofs and roads), water below it. */
  backgroundC(p: Xy, airC: number): number {
    if (this.river?.isWater(p)) return airC - 2.5 + 0.3 * Math.sin(p.x / 37) * Math.cos(p.y / 41);
    // A fixed texture of fields, roofs and roads so the frame is not flat.
    return airC + 2 + 1.5 * Math.sin(p.x / 23) * Math.cos(p.y / 29) + 0.8 * Math.sin((p.x + p.y) / 11);
  }

  /** Excess temperature (°C) from the heat sources at p. */
  excessC(p: Xy, tS: number, backgroundC: number): number {
    let excess = 0;
    for (const s of this.sources) {
      if (s.kind === 'fire') {
        const strength = s.release.strength(tS);
        if (strength <= 0) continue;
        const peak = s.minPeakC + (s.maxPeakC - s.minPeakC) * Math.min(1, strength);
        const r2 = (p.x - s.centre.x) ** 2 + (p.y - s.centre.y) ** 2;
        excess += (peak - backgroundC) * Math.exp(-r2 / (2 * s.sigmaM * s.sigmaM));
      } else {
        if (!this.river?.isWater(p)) continue;
        const dx = p.x - s.mouth.x;
        const dy = p.y - s.mouth.y;
        const along = dx * s.flow.x + dy * s.flow.y;
        if (along < -10) continue;
        const across = -dx * s.flow.y + dy * s.flow.x;
        const width = 15 + 0.12 * Math.max(0, along);
        const strength = s.release.strength(tS);
        excess += s.deltaC * strength * Math.exp(-Math.max(0, along) / s.decayM) * Math.exp(-(across * across) / (2 * width * width));
      }
    }
    return excess;
  }

  surfaceC(p: Xy, tS: number, airC: number): number {
    const bg = this.backgroundC(p, airC);
    return bg + this.excessC(p, tS, bg);
  }

  hotSources(): readonly HeatSource[] {
    return this.sources;
  }
}
