import type { FailedInspection } from '@tianyan/contracts';
import { csvLine } from '../incident-archive/csv-line';
import { FAILED_INSPECTION_CSV_HEADER, failedInspectionCsvRow } from './failed-inspection-csv';

const failed: FailedInspection = {
  time: '2026-11-23T16:30:00.000Z', stationId: 'obd-01', seq: 42, incidentId: null, incidentCode: 'ENF-1',
  vin: 'LZZ1CLVB9MA123456', plate: '鄂A·12345', limitSet: 'a', kinds: ['mil', 'dtc'],
  reasons: [{ kind: 'mil' }, { kind: 'dtc', value: 2, codes: ['P20EE', 'P2BAD'] }],
  measured: { opacityKM1: [0.21, 0.2, 0.22], meanK: 0.21, noxPpm: 300, ureaPct: 32.4, commOk: true, mil: true, dtcs: ['P20EE', 'P2BAD'], readiness: { supported: 6, complete: 6 } },
};

describe('failed inspection CSV row', () => {
  it('has one value per header column: local time, kinds, measured values next to the limit set’s limits, evidence', () => {
    const row = failedInspectionCsvRow(failed);
    expect(row).toHaveLength(FAILED_INSPECTION_CSV_HEADER.length);
    const byName = Object.fromEntries(FAILED_INSPECTION_CSV_HEADER.map((h, i) => [h, row[i]]));
    expect(byName).toMatchObject({
      time_utc8: '2026-11-24 00:30:00', failure_kinds: 'mil;dtc', limit_set: 'a', opacity_k_runs_m1: '0.21;0.2;0.22',
      opacity_limit_k_m1: 1.2, nox_limit_ppm: 1500, urea_min_pct: 31.8, urea_max_pct: 33.2, dtcs: 'P20EE;P2BAD',
      readiness_complete: 6, reading_device: 'obd-01', reading_seq: 42,
    });
    expect(csvLine(row)).toContain(',鄂A·12345,');
  });
});
