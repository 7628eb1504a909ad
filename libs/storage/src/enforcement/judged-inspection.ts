import { judgeInspectionWithLimits, type FailedInspection, type ObdInspectionFacts, type ObdJudgement, type ObdLimitSet } from '@tianyan/contracts';

/** The `obd` column as stored (the contract's `obd` object). */
export interface StoredObd {
  commOk: boolean;
  mil?: boolean;
  dtcs?: string[];
  readiness?: { supported: number; complete: number };
}

/** One obd_inspection row as the enforcement scan reads it, with the incident it falls in (if any). */
export interface InspectionRow {
  time_ms: number;
  device_id: string;
  seq: number;
  vin: string;
  plate: string;
  obd: StoredObd;
  opacity_k_m1: number[];
  nox_ppm: number | null;
  urea_pct: number | null;
  incident_id: string | null;
  incident_code: string | null;
}

/** An inspection with the screen's verdict on it. */
export interface JudgedInspection {
  row: InspectionRow;
  vehicleKey: string;
  /** Calendar day at the station (UTC+8), `YYYY-MM-DD`. */
  day: string;
  judgement: ObdJudgement;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * A vehicle is its VIN; a record without one (never from a valid device message, but imported data
 * may lack it) falls back to its plate, prefixed so a plate can never collide with a VIN.
 */
export function vehicleKey(vin: string | null | undefined, plate: string): string {
  const v = vin?.trim();
  return v ? v.toUpperCase() : `plate:${plate.trim()}`;
}

/** Calendar day in China Standard Time (UTC+8, no daylight saving): where the stations stand. */
export function stationDay(timeMs: number): string {
  return new Date(timeMs + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The stored columns as the shared verdict function reads them: the same facts the screen judges. */
export function inspectionFacts(row: InspectionRow): ObdInspectionFacts {
  return {
    opacityKM1: row.opacity_k_m1,
    noxPpm: row.nox_ppm,
    ureaPct: row.urea_pct,
    obd: row.obd,
  };
}

export function judgeRow(row: InspectionRow, limitSet: ObdLimitSet): JudgedInspection {
  return {
    row,
    vehicleKey: vehicleKey(row.vin, row.plate),
    day: stationDay(row.time_ms),
    judgement: judgeInspectionWithLimits(inspectionFacts(row), limitSet),
  };
}

/** The evidence of one failed inspection: readings as stored, reasons with the limits applied. */
export function toFailedInspection(j: JudgedInspection, limitSet: ObdLimitSet): FailedInspection {
  const { row, judgement } = j;
  return {
    time: new Date(row.time_ms).toISOString(),
    stationId: row.device_id,
    seq: row.seq,
    incidentId: row.incident_id,
    incidentCode: row.incident_code,
    vin: row.vin,
    plate: row.plate,
    limitSet,
    kinds: judgement.reasons.map((r) => r.kind),
    reasons: [...judgement.reasons],
    measured: {
      opacityKM1: row.opacity_k_m1,
      meanK: judgement.meanK,
      noxPpm: row.nox_ppm,
      ureaPct: row.urea_pct,
      commOk: row.obd.commOk,
      mil: row.obd.mil ?? null,
      dtcs: row.obd.dtcs ?? [],
      readiness: row.obd.readiness ?? null,
    },
  };
}

/** Keyset position after a row: `time_ms|device_id|seq`. */
export function cursorAfter(row: InspectionRow): string {
  return `${row.time_ms}|${row.device_id}|${row.seq}`;
}

export interface ScanCursor {
  timeMs: number;
  deviceId: string;
  seq: number;
}

export function parseCursor(cursor: string): ScanCursor {
  const [t, d, s] = cursor.split('|');
  return { timeMs: Number(t), deviceId: d ?? '', seq: Number(s) };
}
