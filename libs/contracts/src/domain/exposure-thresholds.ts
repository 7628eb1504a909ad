import { MOLAR_VOLUME_L_25C, MOLECULAR_WEIGHT_BY_CAS } from '../device/gas-units';

/**
 * Emergency exposure thresholds per compound (domain.md §3.2), all in ppm, by CAS number.
 *
 * AEGL-1/2/3 are the 60-min values; IDLH is NIOSH's; the OEL is the Chinese GBZ 2.1 limit (MAC where
 * one exists, otherwise PC-TWA), given in mg/m³ and converted here to ppm at 25 °C and 1 atm:
 * ppm = mg/m³ × 24.45 / MW. `null` means "not recommended / not set".
 */

export type ThresholdKey = 'oel' | 'aegl1' | 'aegl2' | 'aegl3' | 'idlh';
export const THRESHOLD_KEYS: readonly ThresholdKey[] = ['oel', 'aegl1', 'aegl2', 'aegl3', 'idlh'];

/** Exposure level of a concentration: the worst threshold it reaches. */
export type ExposureLevel = 'none' | ThresholdKey;

export interface CompoundThresholds {
  readonly cas: string;
  readonly formula: string;
  /** g/mol */
  readonly molarMass: number;
  /** GBZ 2.1 OEL as published, mg/m³, and which kind it is. */
  readonly oelMgM3: number;
  readonly oelKind: 'MAC' | 'PC-TWA';
  /** Thresholds in ppm. */
  readonly ppm: Readonly<Record<ThresholdKey, number | null>>;
}

export function mgM3ToPpm(mgM3: number, molarMass: number): number {
  return (mgM3 * MOLAR_VOLUME_L_25C) / molarMass;
}

type Row = [cas: string, formula: string, oelMgM3: number, oelKind: 'MAC' | 'PC-TWA', aegl1: number | null, aegl2: number, aegl3: number, idlh: number];

const ROWS: readonly Row[] = [
  ['7783-06-4', 'H2S', 10, 'MAC', 0.51, 27, 50, 100],
  ['7782-50-5', 'Cl2', 1, 'MAC', 0.5, 2.0, 20, 10],
  ['7664-41-7', 'NH3', 20, 'PC-TWA', 30, 160, 1100, 300],
  ['71-43-2', 'C6H6', 6, 'PC-TWA', 52, 800, 4000, 500],
  ['108-88-3', 'C7H8', 50, 'PC-TWA', 67, 560, 3700, 500],
  ['7647-01-0', 'HCl', 7.5, 'MAC', 1.8, 22, 100, 50],
  ['74-90-8', 'HCN', 1, 'MAC', 2.0, 7.1, 15, 50],
  // SO2 AEGL-3: 27 ppm in the table (30 in the latest revision).
  ['7446-09-5', 'SO2', 5, 'PC-TWA', 0.2, 0.75, 27, 100],
  ['75-44-5', 'COCl2', 0.5, 'MAC', null, 0.3, 0.75, 2],
  ['630-08-0', 'CO', 20, 'PC-TWA', null, 83, 330, 1200],
  ['10102-44-0', 'NO2', 5, 'PC-TWA', 0.5, 12, 20, 13],
];

export const EXPOSURE_THRESHOLDS: ReadonlyMap<string, CompoundThresholds> = new Map(
  ROWS.map(([cas, formula, oelMgM3, oelKind, aegl1, aegl2, aegl3, idlh]) => {
    const molarMass = MOLECULAR_WEIGHT_BY_CAS[cas]!;
    const thresholds: CompoundThresholds = { cas, formula, molarMass, oelMgM3, oelKind, ppm: { oel: mgM3ToPpm(oelMgM3, molarMass), aegl1, aegl2, aegl3, idlh } };
    return [cas, thresholds] as const;
  }),
);

export function thresholdsOf(cas: string): CompoundThresholds | undefined {
  return EXPOSURE_THRESHOLDS.get(cas);
}

/** Severity rank: AEGL-3 and IDLH are both life-threatening (red). */
export const LEVEL_RANK: Readonly<Record<ExposureLevel, number>> = { none: 0, oel: 1, aegl1: 2, aegl2: 3, aegl3: 4, idlh: 4 };

/**
 * The worst threshold a concentration reaches (≥). Thresholds are not always ordered (NO2's IDLH is
 * below its AEGL-3), so every one is checked and the highest rank wins; on a tie the later key.
 */
export function exposureLevel(cas: string, ppm: number | null | undefined): ExposureLevel {
  const th = EXPOSURE_THRESHOLDS.get(cas);
  if (!th || ppm === null || ppm === undefined || !Number.isFinite(ppm)) return 'none';
  let level: ExposureLevel = 'none';
  for (const key of THRESHOLD_KEYS) {
    const limit = th.ppm[key];
    if (limit !== null && ppm >= limit && LEVEL_RANK[key] >= LEVEL_RANK[level]) level = key;
  }
  return level;
}

/** The worst level among several compounds (a survey reading's overall level). */
export function worstLevel(levels: Iterable<ExposureLevel>): ExposureLevel {
  let worst: ExposureLevel = 'none';
  for (const l of levels) if (LEVEL_RANK[l] > LEVEL_RANK[worst] || (LEVEL_RANK[l] === LEVEL_RANK[worst] && l === 'idlh')) worst = l;
  return worst;
}
