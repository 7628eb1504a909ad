import type { EnforcementSummary, ObdFailureKind, RepeatOffender } from '@tianyan/contracts';

export interface EnforcementPanelModel {
  inspectedVehicles: number;
  inspections: number;
  failedVehicles: number;
  /** Percent, one decimal; null when nothing was inspected. */
  problemRatePct: number | null;
  /** The most frequent failure kinds by vehicles, at most `topN`. */
  topKinds: { kind: ObdFailureKind; vehicles: number; inspections: number }[];
  repeatOffenders: number;
  /** The selected station's own row, when the summary was grouped by station. */
  station: { inspectedVehicles: number; failedVehicles: number } | null;
}

/** The enforcement box: totals of the scope, top failure kinds, repeat offenders, and this station's share. */
export function enforcementPanelModel(summary: EnforcementSummary, offenders: readonly RepeatOffender[], stationId: string | null, topN = 3): EnforcementPanelModel {
  const t = summary.totals;
  const rate = t.problemVehicleRate ?? (t.inspectedVehicles > 0 ? t.failedVehicles / t.inspectedVehicles : null);
  const row = stationId && summary.groupBy === 'station' ? summary.groups.find((g) => g.key === stationId) : undefined;
  return {
    inspectedVehicles: t.inspectedVehicles,
    inspections: t.inspections,
    failedVehicles: t.failedVehicles,
    problemRatePct: rate === null ? null : Math.round(rate * 1000) / 10,
    topKinds: [...t.failuresByKind]
      .sort((a, b) => b.vehicles - a.vehicles || b.inspections - a.inspections || a.kind.localeCompare(b.kind))
      .slice(0, topN)
      .map((k) => ({ kind: k.kind, vehicles: k.vehicles, inspections: k.inspections })),
    repeatOffenders: offenders.length,
    station: stationId && summary.groupBy === 'station' ? { inspectedVehicles: row?.inspectedVehicles ?? 0, failedVehicles: row?.failedVehicles ?? 0 } : null,
  };
}

/** Midnight China Standard Time (the stations' calendar day) of the day containing `now`. */
export function startOfStationDay(now: number): number {
  const offset = 8 * 3600_000;
  return Math.floor((now + offset) / 86_400_000) * 86_400_000 - offset;
}
