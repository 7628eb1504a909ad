import type { ObdFailureKind, ObdLimitSet, ObdReason } from '../domain/obd-verdict';

/** Failed inspections and distinct failed vehicles that one failure kind appears in. */
export interface EnforcementKindCount {
  kind: ObdFailureKind;
  inspections: number;
  vehicles: number;
}

/**
 * Counts over a set of inspections. A vehicle is its VIN (the plate when a VIN is missing); a second
 * inspection of the same vehicle in the same set is a re-test (`repeatInspections`), not a new vehicle.
 * A vehicle failed if any of its inspections in the set has the verdict `fail`.
 */
export interface EnforcementCounts {
  inspections: number;
  inspectedVehicles: number;
  /** inspections − inspectedVehicles. */
  repeatInspections: number;
  failedInspections: number;
  failedVehicles: number;
  /** Inspections whose verdict is `retest` (readiness monitors incomplete, nothing failed). */
  retestInspections: number;
  /** failedVehicles / inspectedVehicles; null when nothing was inspected. */
  problemVehicleRate: number | null;
  /** Fail verdicts only, every reason of each failed inspection; kinds that never occurred are left out. */
  failuresByKind: EnforcementKindCount[];
}

export interface EnforcementGroupRow extends EnforcementCounts {
  /** Station device id, day `YYYY-MM-DD` (UTC+8), or incident code (`none` outside any incident). */
  key: string;
  incidentId?: string | null;
}

export interface EnforcementSummary {
  limitSet: ObdLimitSet;
  /** Days are calendar days at the stations: China Standard Time. */
  timeZone: 'UTC+08:00';
  totals: EnforcementCounts;
  groupBy: 'station' | 'day' | 'incident' | null;
  groups: EnforcementGroupRow[];
}

export interface RepeatOffender {
  /** VIN, or `plate:<plate>` when the VIN is missing. */
  vehicleKey: string;
  vin: string;
  plates: string[];
  inspections: number;
  failedInspections: number;
  /** Stations where it failed. */
  stations: string[];
  firstFailedAt: string;
  lastFailedAt: string;
}

/** One failed inspection with its evidence: the stored reading (station, seq) and what broke which limit. */
export interface FailedInspection {
  time: string;
  stationId: string;
  seq: number;
  incidentId: string | null;
  incidentCode: string | null;
  vin: string;
  plate: string;
  limitSet: ObdLimitSet;
  kinds: ObdFailureKind[];
  /** The shared verdict's reasons: measured value and the limit applied. */
  reasons: ObdReason[];
  measured: {
    opacityKM1: number[];
    meanK: number | null;
    noxPpm: number | null;
    ureaPct: number | null;
    commOk: boolean;
    mil: boolean | null;
    dtcs: string[];
    readiness: { supported: number; complete: number } | null;
  };
}

export interface FailedInspectionPage {
  items: FailedInspection[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}
