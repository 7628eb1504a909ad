import { toCounts, verdictRow } from './enforcement-stats.repository';
import { scanStatement } from './inspection-scan.repository';
import { judgeRow, type InspectionRow } from './judged-inspection';

const base: InspectionRow = {
  time_ms: Date.UTC(2026, 10, 23, 17, 0), device_id: 'obd-02', seq: 3, vin: 'LZZ1CLVB9MA123456', plate: '鄂A·12345',
  obd: { commOk: true, mil: true, dtcs: ['P20EE', 'P2BAD'], readiness: { supported: 6, complete: 5 } },
  opacity_k_m1: [0.2, 0.2, 0.2], nox_ppm: 300, urea_pct: 32.5, incident_id: null, incident_code: null,
};

describe('enforcement statistics mapping', () => {
  it('writes one verdict row per inspection; failure kinds only for a fail (every reason of it)', () => {
    expect(verdictRow(judgeRow(base, 'b'))).toEqual(['LZZ1CLVB9MA123456', 'LZZ1CLVB9MA123456', '鄂A·12345', 'obd-02', '2026-11-24', null, null, base.time_ms, 'fail', 'mil,dtc,notReady']);
    const retest = { ...base, obd: { commOk: true, mil: false, dtcs: [], readiness: { supported: 6, complete: 5 } } };
    expect(verdictRow(judgeRow(retest, 'b')).slice(8)).toEqual(['retest', '']);
  });

  it('derives re-tests and the problem-vehicle rate from the SQL counts, kinds in the verdict’s order', () => {
    const counts = toCounts(
      { inspections: 12, vehicles: 10, failed_inspections: 4, failed_vehicles: 3, retest_inspections: 1 },
      [{ kind: 'urea', inspections: 1, vehicles: 1 }, { kind: 'opacity', inspections: 3, vehicles: 2 }],
    );
    expect(counts).toEqual({
      inspections: 12, inspectedVehicles: 10, repeatInspections: 2, failedInspections: 4, failedVehicles: 3, retestInspections: 1,
      problemVehicleRate: 0.3, failuresByKind: [{ kind: 'opacity', inspections: 3, vehicles: 2 }, { kind: 'urea', inspections: 1, vehicles: 1 }],
    });
    expect(toCounts({ inspections: 0, vehicles: 0, failed_inspections: 0, failed_vehicles: 0, retest_inspections: 0 }, []).problemVehicleRate).toBeNull();
  });

  it('builds the page query from parameters only, in keyset order', () => {
    const [sql, params] = scanStatement(
      { from: 1000, to: 2000, incidentId: 'c0ffee00-0000-4000-8000-000000000001', stationId: "obd-01' OR 1=1", limitSet: 'b', includeDrill: false },
      { timeMs: 1500, deviceId: 'obd-01', seq: 9 },
      500,
    );
    expect(sql).not.toContain("OR 1=1");
    expect(params).toEqual(['c0ffee00-0000-4000-8000-000000000001', 1000, 2000, "obd-01' OR 1=1", 'obd-01', 1500, 9, 500]);
    expect(sql).toMatch(/NOT o\.drill/);
    expect(sql).toMatch(/ORDER BY o\.device_id, o\.time, o\.seq\s+LIMIT \$8/);
    const [open] = scanStatement({ limitSet: 'a', includeDrill: true }, undefined, 10);
    expect(open.split('LEFT JOIN')[0]).not.toMatch(/WHERE/);
  });
});
