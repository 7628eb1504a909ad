import { LocalFrame, type Xy } from '../geo/local-frame';
import { COMPOUNDS, gPerM3ToPpm, type CompoundKey } from './compounds';
import { HeatField, type HeatSource, type SurfaceSampler } from './heat-field';
import { plumeConcentration } from './plume';
import type { Release } from './release';
import type { River } from './river';
import { downwindUnit, type Wind } from './wind';

/** Local alias: global lookups are ~8× slower inside Jest's VM context, and this is a hot path. */
const M = Math;

export interface WorldConfig {
  frame: LocalFrame;
  /** Epoch ms of virtual time 0. */
  startTime: number;
  groundElevationM: number;
  wind: Wind;
  river: River | null;
  releases: Release[];
  heat: HeatSource[];
  /** Urban background (ppm) that a GC-MS with concentrator still finds at trace level. */
  backgroundPpm: Partial<Record<CompoundKey, number>>;
}

/**
 * The one physical world of a scenario that every device observes: gas concentration from the
 * releases, surface temperature from the heat field, wind and air temperature. Pure: a function of
 * position and virtual time only (no state), so readings never depend on the order devices are stepped.
 */
export class World {
  readonly frame: LocalFrame;
  readonly startTime: number;
  readonly groundElevationM: number;
  readonly wind: Wind;
  readonly river: River | null;
  readonly releases: Release[];
  readonly heatField: HeatField;
  readonly backgroundPpm: Partial<Record<CompoundKey, number>>;

  constructor(cfg: WorldConfig) {
    this.frame = cfg.frame;
    this.startTime = cfg.startTime;
    this.groundElevationM = cfg.groundElevationM;
    this.wind = cfg.wind;
    this.river = cfg.river;
    this.releases = cfg.releases;
    this.heatField = new HeatField(cfg.heat, cfg.river);
    this.backgroundPpm = cfg.backgroundPpm;
  }

  /** Concentration (ppm) of a compound at p, height z above ground, at virtual time t (s). */
  concentrationPpm(compound: CompoundKey, p: Xy, zM: number, tS: number): number {
    return (this.backgroundPpm[compound] ?? 0) + this.plumePpm(compound, p, zM, tS);
  }

  /** The release's contribution alone, without the urban background. */
  plumePpm(compound: CompoundKey, p: Xy, zM: number, tS: number): number {
    const wind = this.wind.at(tS);
    const d = downwindUnit(wind.fromDeg);
    let gPerM3 = 0;
    for (const r of this.releases) {
      const peak = r.cfg.ratesGs[compound];
      if (!peak) continue;
      for (const pt of r.cfg.points) {
        const dx = p.x - pt.at.x;
        const dy = p.y - pt.at.y;
        const x = dx * d.x + dy * d.y;
        if (x <= 0) continue;
        const y = -dx * d.y + dy * d.x;
        // Air reaching x left the source x/u seconds ago: the source strength is read at that time.
        const q = r.rateGs(compound, tS - x / wind.speedMs) * pt.weight;
        gPerM3 += plumeConcentration(q, wind.speedMs, x, y, zM, r.cfg.heightM, r.cfg.stability);
      }
    }
    return gPerM3ToPpm(gPerM3, COMPOUNDS[compound].mw);
  }

  /** Air temperature (°C): a diurnal cycle on China Standard Time, warmest mid-afternoon. */
  airTempC(tS: number): number {
    const hourCst = ((this.startTime + tS * 1000) / 3_600_000 + 8) % 24;
    return 20 + 5 * M.sin((2 * M.PI * (hourCst - 9)) / 24);
  }

  surfaceTempC(p: Xy, tS: number): number {
    return this.heatField.at(tS, this.airTempC(tS))(p.x, p.y);
  }

  /** Surface temperature sampler for one instant: use it for many points (a thermal frame). */
  surfaceAt(tS: number): SurfaceSampler {
    return this.heatField.at(tS, this.airTempC(tS));
  }

  /** Compounds released anywhere in this world. */
  releasedCompounds(): CompoundKey[] {
    const set = new Set<CompoundKey>();
    for (const r of this.releases) for (const c of r.compounds()) set.add(c);
    return [...set];
  }

  epochMs(tS: number): number {
    return M.round(this.startTime + tS * 1000);
  }
}
