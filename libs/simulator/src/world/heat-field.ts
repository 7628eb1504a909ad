import type { Xy } from '../geo/local-frame';
import { Rng } from '../random/rng';
import type { Release } from './release';
import type { River } from './river';

/** Local alias: global lookups are ~8× slower inside Jest's VM context, and this is a hot path. */
const M = Math;

/** A hot zone the thermal camera can see: a fire or reaction zone, or a warm outfall plume on water. */
export type HeatSource =
  | { kind: 'fire'; id: string; centre: Xy; sigmaM: number; release: Release; minPeakC: number; maxPeakC: number }
  | { kind: 'outfall'; id: string; mouth: Xy; flow: Xy; deltaC: number; decayM: number; release: Release };

const TEXTURE_CELL_M = 8;
/** A fixed, tiling ±1 texture (fields, roofs, roads) so frames are not flat; a table, because trig per pixel is the hot spot. */
const TEXTURE = (() => {
  const rng = new Rng('surface-texture');
  const t = new Float64Array(64 * 64);
  for (let i = 0; i < t.length; i++) t[i] = rng.uniform(-1, 1);
  return t;
})();

/** Surface temperature at a point, for one instant (source strengths and air temperature fixed). */
export type SurfaceSampler = (x: number, y: number) => number;

/** Surface (brightness) temperature of the ground and water, with the heat sources on top. */
export class HeatField {
  constructor(
    private readonly sources: readonly HeatSource[],
    private readonly river: River | null,
  ) {}

  /**
   * Freezes the time-dependent parts (source strength, air temperature) once, so a thermal frame of
   * a thousand pixels evaluates only geometry per pixel.
   */
  at(tS: number, airC: number): SurfaceSampler {
    const fires = this.sources.flatMap((s) => (s.kind === 'fire' && s.release.strength(tS) > 0 ? [{ s, peak: s.minPeakC + (s.maxPeakC - s.minPeakC) * M.min(1, s.release.strength(tS)) }] : []));
    const outfalls = this.sources.flatMap((s) => (s.kind === 'outfall' ? [{ s, amp: s.deltaC * s.release.strength(tS) }] : []));
    const river = this.river;
    return (x, y) => {
      const water = river !== null && river.isWater(x, y);
      // Water is cooler than air and smoother than land, which the sun warms above air temperature.
      const tex = TEXTURE[(M.floor(x / TEXTURE_CELL_M) & 63) * 64 + (M.floor(y / TEXTURE_CELL_M) & 63)]!;
      let t = water ? airC - 2.5 + 0.2 * tex : airC + 2 + 1.5 * tex;
      const bg = t;
      for (const { s, peak } of fires) {
        if (s.kind !== 'fire') continue;
        const r2 = (x - s.centre.x) ** 2 + (y - s.centre.y) ** 2;
        if (r2 < 36 * s.sigmaM * s.sigmaM) t += (peak - bg) * M.exp(-r2 / (2 * s.sigmaM * s.sigmaM));
      }
      if (water) {
        for (const { s, amp } of outfalls) {
          if (s.kind !== 'outfall') continue;
          const dx = x - s.mouth.x;
          const dy = y - s.mouth.y;
          const along = dx * s.flow.x + dy * s.flow.y;
          if (along < -10) continue;
          const across = -dx * s.flow.y + dy * s.flow.x;
          const width = 15 + 0.12 * M.max(0, along);
          t += amp * M.exp(-M.max(0, along) / s.decayM) * M.exp(-(across * across) / (2 * width * width));
        }
      }
      return t;
    };
  }

  hotSources(): readonly HeatSource[] {
    return this.sources;
  }
}
