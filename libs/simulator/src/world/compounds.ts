/**
 * The compounds the simulated world can release, with what each instrument needs to "see" them:
 * molecular weight (mass ↔ ppm), GC-MS reference retention time and top ions (NIST EI base peaks,
 * domain.md §B), and whether the fast electrochemical module or the MS survey reports it.
 */
export interface Compound {
  cas: string;
  name: string;
  mw: number;
  /** Null for inorganic gases that a GC-MS cannot identify well (domain.md §B): electrochemical only. */
  gcms: { retentionS: number; ions: ReadonlyArray<readonly [number, number]> } | null;
  /** TIC counts per ppm in survey mode (membrane inlet); 0 for gases the MS does not see. */
  ticPerPpm: number;
  /** Electrochemical sensor full scale (ppm), when the multi-gas module has a cell for it. */
  sensorRangePpm?: number;
}

const C = (c: Compound) => c;

export const COMPOUNDS = {
  benzene: C({ cas: '71-43-2', name: 'benzene', mw: 78.11, ticPerPpm: 2.2e6, gcms: { retentionS: 184, ions: [[78, 100], [77, 24], [51, 18], [52, 16], [50, 13]] } }),
  toluene: C({ cas: '108-88-3', name: 'toluene', mw: 92.14, ticPerPpm: 2.0e6, gcms: { retentionS: 302, ions: [[91, 100], [92, 62], [65, 11], [63, 8], [51, 5]] } }),
  xylenes: C({ cas: '1330-20-7', name: 'xylenes', mw: 106.16, ticPerPpm: 1.9e6, gcms: { retentionS: 441, ions: [[91, 100], [106, 65], [105, 28], [77, 13], [51, 9]] } }),
  ethylbenzene: C({ cas: '100-41-4', name: 'ethylbenzene', mw: 106.17, ticPerPpm: 1.9e6, gcms: { retentionS: 429, ions: [[91, 100], [106, 31], [65, 8], [77, 7], [51, 6]] } }),
  styrene: C({ cas: '100-42-5', name: 'styrene', mw: 104.15, ticPerPpm: 1.8e6, gcms: { retentionS: 468, ions: [[104, 100], [103, 48], [78, 39], [51, 27], [77, 22]] } }),
  chlorobenzene: C({ cas: '108-90-7', name: 'chlorobenzene', mw: 112.56, ticPerPpm: 1.7e6, gcms: { retentionS: 395, ions: [[112, 100], [77, 62], [114, 33], [51, 18], [50, 9]] } }),
  dichloromethane: C({ cas: '75-09-2', name: 'dichloromethane', mw: 84.93, ticPerPpm: 1.2e6, gcms: { retentionS: 96, ions: [[49, 100], [84, 64], [86, 41], [51, 31], [47, 11]] } }),
  trichloroethylene: C({ cas: '79-01-6', name: 'trichloroethylene', mw: 131.39, ticPerPpm: 1.4e6, gcms: { retentionS: 241, ions: [[130, 100], [95, 92], [132, 96], [97, 60], [60, 24]] } }),
  hydrogenSulfide: C({ cas: '7783-06-4', name: 'hydrogen sulfide', mw: 34.08, ticPerPpm: 0, gcms: null, sensorRangePpm: 100 }),
  hydrogenChloride: C({ cas: '7647-01-0', name: 'hydrogen chloride', mw: 36.46, ticPerPpm: 0, gcms: null, sensorRangePpm: 30 }),
  chlorine: C({ cas: '7782-50-5', name: 'chlorine', mw: 70.9, ticPerPpm: 0, gcms: null, sensorRangePpm: 20 }),
  sulfurDioxide: C({ cas: '7446-09-5', name: 'sulfur dioxide', mw: 64.07, ticPerPpm: 0, gcms: null, sensorRangePpm: 20 }),
  ammonia: C({ cas: '7664-41-7', name: 'ammonia', mw: 17.03, ticPerPpm: 0, gcms: null, sensorRangePpm: 100 }),
} as const satisfies Record<string, Compound>;

export type CompoundKey = keyof typeof COMPOUNDS;

/** Converts a mass concentration (g/m³) into ppm by volume at 25 °C, 1 atm (24.45 L/mol). */
export function gPerM3ToPpm(gPerM3: number, mw: number): number {
  return (gPerM3 * 1000 * 24.45) / mw;
}
