/** Roadside limits (GB 3847-2018 Table 2; urea per ISO 22241-1 / GB 29518). */
export const LIMITS = {
  a: { opacityK: 1.2, noxPpm: 1500 },
  b: { opacityK: 0.7, noxPpm: 900 },
  urea: { min: 31.8, max: 33.2 },
} as const;

export type LimitSet = 'a' | 'b';

export interface InspectionValues {
  obd: { commOk: boolean; mil?: boolean; dtcs: string[]; readiness?: { supported: number; complete: number } };
  opacity: { kM1: number[] };
  noxPpm?: number;
  ureaPct?: number;
}

/**
 * What a record breaks, by the simulator's own reading of the limits: recorded in the ground truth
 * so tests (and people) can check the platform's verdict against what really happened.
 */
export function violations(v: InspectionValues, limitSet: LimitSet): string[] {
  const lim = LIMITS[limitSet];
  const out: string[] = [];
  const k = v.opacity.kM1;
  const meanK = k.reduce((s, x) => s + x, 0) / k.length;
  if (meanK > lim.opacityK) out.push(`opacity k ${meanK.toFixed(2)} > ${lim.opacityK} m-1 (limit ${limitSet})`);
  if (v.noxPpm !== undefined && v.noxPpm > lim.noxPpm) out.push(`NOx ${v.noxPpm} > ${lim.noxPpm} ppm (limit ${limitSet})`);
  if (v.ureaPct !== undefined && (v.ureaPct < LIMITS.urea.min || v.ureaPct > LIMITS.urea.max)) out.push(`urea ${v.ureaPct} % outside ${LIMITS.urea.min}–${LIMITS.urea.max} %`);
  if (!v.obd.commOk) out.push('OBD communication failure');
  if (v.obd.mil) out.push('MIL on');
  if (v.obd.dtcs.length > 0) out.push(`emission DTCs ${v.obd.dtcs.join(' ')}`);
  if (v.obd.readiness && v.obd.readiness.complete < v.obd.readiness.supported) out.push('readiness monitors not complete: re-test');
  return out;
}
