import { EXPOSURE_THRESHOLDS, type CompoundThresholds } from '../domain/exposure-thresholds';
import type { AlertLevel, LevelBasis, LevelLimits } from './alert-level';

export interface ExposureLevels {
  cas: string;
  formula: string;
  /** ppm at which each colour starts. */
  ppm: LevelLimits;
  /** Which published limit each colour uses, in words. */
  basis: LevelBasis;
}

const fmt = (ppm: number): string => `${Number(ppm.toPrecision(3))} ppm`;

/**
 * Default four-colour limits of one compound (domain.md §3.2, DESIGN.md §7):
 * blue ≥ OEL, yellow ≥ AEGL-1, orange ≥ AEGL-2, red ≥ the lower of AEGL-3 and IDLH (all 60 min).
 *
 * The sources do not always agree in order (H2S: its OEL, 7.2 ppm, lies above its AEGL-1, 0.51 ppm;
 * SO2 and NO2 likewise). Colours are therefore fixed from the top down: each starts at its own limit
 * or at the next higher colour's, whichever is lower, so a concentration that reaches a more severe
 * limit always gets at least that colour and the colours rise with concentration. A colour whose
 * limit lies above the next one's starts together with it — it has no band of its own, and its basis
 * says so. A missing limit (AEGL-1 "not recommended") likewise gives no band of its own.
 */
export function defaultExposureLevels(thresholds: CompoundThresholds): ExposureLevels {
  const { oel, aegl1, aegl2, aegl3, idlh } = thresholds.ppm;
  const oelName = `OEL (GBZ 2.1 ${thresholds.oelKind} ${thresholds.oelMgM3} mg/m³)`;
  const redFrom = aegl3 !== null && (idlh === null || aegl3 <= idlh) ? { v: aegl3, name: 'AEGL-3 (60 min)' } : { v: idlh!, name: 'IDLH' };
  const own: Array<{ level: AlertLevel; v: number | null; name: string }> = [
    { level: 'red', v: redFrom.v, name: redFrom.name },
    { level: 'orange', v: aegl2, name: 'AEGL-2 (60 min)' },
    { level: 'yellow', v: aegl1, name: 'AEGL-1 (60 min)' },
    { level: 'blue', v: oel, name: oelName },
  ];
  const ppm: LevelLimits = {};
  const basis: LevelBasis = {};
  let above: { v: number; name: string } | null = null;
  for (const { level, v, name } of own) {
    if (v === null) {
      ppm[level] = above!.v;
      basis[level] = `${name.split(' ')[0]} not set: starts with ${above!.name}`;
      continue;
    }
    if (above && v > above.v) {
      ppm[level] = above.v;
      basis[level] = `${name} = ${fmt(v)} lies above ${above.name}: starts with it`;
      continue;
    }
    ppm[level] = v;
    basis[level] = `${name} = ${fmt(v)}`;
    above = { v, name };
  }
  return { cas: thresholds.cas, formula: thresholds.formula, ppm, basis };
}

/** Default limits of every compound in the domain table, by CAS. */
export const DEFAULT_EXPOSURE_LEVELS: ReadonlyMap<string, ExposureLevels> = new Map(
  [...EXPOSURE_THRESHOLDS.values()].map((t) => [t.cas, defaultExposureLevels(t)] as const),
);
