/**
 * The screen's verdict on one roadside inspection (GB 3847-2018 in-use limits, urea per ISO 22241-1 /
 * GB 29518; domain.md §2.3–2.4). Computed client-side until the alerts issue moves the authoritative
 * verdict to the server; the device's own verdict is advisory and ignored.
 */
export const OBD_LIMITS = {
  /** Free-acceleration light absorption coefficient k, m⁻¹: limit b by default, limit a where a rule asks for it. */
  opacityK: { a: 1.2, b: 0.7 },
  /** Lug-down NOx, ppm. */
  noxPpm: { a: 1500, b: 900 },
  /** AUS 32 urea content pass band, % by mass. */
  urea: { min: 31.8, max: 33.2 },
} as const;

export type ObdVerdict = 'pass' | 'fail' | 'retest';
export type ObdFailureKind = 'opacity' | 'nox' | 'urea' | 'mil' | 'dtc' | 'comm' | 'notReady';
export const OBD_FAILURE_KINDS: readonly ObdFailureKind[] = ['opacity', 'nox', 'urea', 'mil', 'dtc', 'comm', 'notReady'];

export interface ObdReason {
  readonly kind: ObdFailureKind;
  /** The measured value (mean k, ppm, %, DTC count, monitors complete). */
  readonly value?: number;
  /** The limit it broke. */
  readonly limit?: number;
  readonly codes?: readonly string[];
}

/**
 * What the verdict needs from an inspection. `obd` is absent for records rebuilt from the series API
 * (measurements only): those are judged on what they carry.
 */
export interface ObdInspectionFacts {
  readonly opacityKM1?: readonly number[];
  readonly opacityMeanKM1?: number | null;
  readonly noxPpm?: number | null;
  readonly ureaPct?: number | null;
  readonly obd?: {
    readonly commOk: boolean;
    readonly mil?: boolean;
    readonly dtcs?: readonly string[];
    readonly readiness?: { readonly supported: number; readonly complete: number };
  };
}

export interface ObdJudgement {
  readonly verdict: ObdVerdict;
  /** Failures first, then the re-test reason. */
  readonly reasons: readonly ObdReason[];
  readonly meanK: number | null;
}

export function meanOpacityK(facts: ObdInspectionFacts): number | null {
  const runs = facts.opacityKM1;
  if (runs && runs.length > 0) return runs.reduce((a, b) => a + b, 0) / runs.length;
  return facts.opacityMeanKM1 ?? null;
}

/** GB 3847-2018 in-use limit set: b is the stricter one (key regions, newer vehicles). */
export type ObdLimitSet = 'a' | 'b';
export const OBD_LIMIT_SETS: readonly ObdLimitSet[] = ['a', 'b'];

/** The verdict against limit b. One argument only, so it can be passed to `map`. */
export function judgeInspection(facts: ObdInspectionFacts): ObdJudgement {
  return judgeInspectionWithLimits(facts, 'b');
}

export function judgeInspectionWithLimits(facts: ObdInspectionFacts, limitSet: ObdLimitSet): ObdJudgement {
  const reasons: ObdReason[] = [];
  const meanK = meanOpacityK(facts);
  const kLimit = OBD_LIMITS.opacityK[limitSet];
  const noxLimit = OBD_LIMITS.noxPpm[limitSet];
  if (meanK !== null && meanK > kLimit) reasons.push({ kind: 'opacity', value: meanK, limit: kLimit });
  const nox = facts.noxPpm;
  if (nox !== null && nox !== undefined && nox > noxLimit) reasons.push({ kind: 'nox', value: nox, limit: noxLimit });
  const urea = facts.ureaPct;
  if (urea !== null && urea !== undefined && (urea < OBD_LIMITS.urea.min || urea > OBD_LIMITS.urea.max)) {
    reasons.push({ kind: 'urea', value: urea, limit: urea < OBD_LIMITS.urea.min ? OBD_LIMITS.urea.min : OBD_LIMITS.urea.max });
  }
  const obd = facts.obd;
  if (obd) {
    if (!obd.commOk) reasons.push({ kind: 'comm' });
    if (obd.mil) reasons.push({ kind: 'mil' });
    const dtcs = obd.dtcs ?? [];
    if (dtcs.length > 0) reasons.push({ kind: 'dtc', value: dtcs.length, codes: [...dtcs] });
  }
  const failed = reasons.length > 0;
  const r = obd?.readiness;
  if (obd?.commOk && r && r.complete < r.supported) reasons.push({ kind: 'notReady', value: r.complete, limit: r.supported });
  return { verdict: failed ? 'fail' : reasons.length > 0 ? 'retest' : 'pass', reasons, meanK };
}
