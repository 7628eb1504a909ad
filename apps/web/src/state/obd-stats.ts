import { OBD_FAILURE_KINDS, type ObdFailureKind, type ObdJudgement } from '@tianyan/contracts';

export interface ObdRateSummary {
  readonly total: number;
  readonly failed: number;
  readonly retest: number;
  readonly passed: number;
  /** Failed inspections per kind (an inspection failing two ways counts under both). */
  readonly byKind: Readonly<Record<ObdFailureKind, number>>;
  /** failed / total, 0 when empty. */
  readonly failedShare: number;
}

/** The running problem-vehicle rate: "10 of 44 failed", by failure kind. */
export function summariseInspections(judgements: Iterable<ObdJudgement>): ObdRateSummary {
  const byKind = Object.fromEntries(OBD_FAILURE_KINDS.map((k) => [k, 0])) as Record<ObdFailureKind, number>;
  let total = 0;
  let failed = 0;
  let retest = 0;
  for (const j of judgements) {
    total++;
    if (j.verdict === 'fail') failed++;
    if (j.verdict === 'retest') retest++;
    const kinds = new Set(j.reasons.map((r) => r.kind));
    for (const k of kinds) byKind[k]++;
  }
  return { total, failed, retest, passed: total - failed - retest, byKind, failedShare: total === 0 ? 0 : failed / total };
}
