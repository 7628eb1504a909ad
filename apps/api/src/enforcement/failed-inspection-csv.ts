import { OBD_LIMITS, type FailedInspection } from '@tianyan/contracts';

/** Excel reads a UTF-8 CSV as the local code page unless it starts with a BOM; plates carry 鄂, 豫… */
export const UTF8_BOM = '\uFEFF';

export const FAILED_INSPECTION_CSV_HEADER = [
  'time_utc', 'time_utc8', 'station', 'incident_code', 'vin', 'plate', 'failure_kinds', 'limit_set',
  'opacity_k_runs_m1', 'opacity_mean_k_m1', 'opacity_limit_k_m1', 'nox_ppm', 'nox_limit_ppm',
  'urea_pct', 'urea_min_pct', 'urea_max_pct', 'obd_comm_ok', 'mil', 'dtcs', 'readiness_complete', 'readiness_supported',
  'reading_device', 'reading_seq',
] as const;

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** `2026-11-23 18:04:05` at the station (UTC+8): what an officer reads off the station's own slip. */
function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * One CSV row per failed inspection: the measured values next to the limits of the set it was judged
 * by (the limits are the shared verdict's, OBD_LIMITS), and the reading's device and seq as evidence.
 */
export function failedInspectionCsvRow(f: FailedInspection): unknown[] {
  const m = f.measured;
  const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
  return [
    f.time, chinaTime(f.time), f.stationId, f.incidentCode, f.vin, f.plate, f.kinds.join(';'), f.limitSet,
    m.opacityKM1.join(';'), round(m.meanK), OBD_LIMITS.opacityK[f.limitSet], m.noxPpm, OBD_LIMITS.noxPpm[f.limitSet],
    m.ureaPct, OBD_LIMITS.urea.min, OBD_LIMITS.urea.max, m.commOk, m.mil, m.dtcs.join(';'),
    m.readiness?.complete ?? null, m.readiness?.supported ?? null,
    f.stationId, f.seq,
  ];
}
