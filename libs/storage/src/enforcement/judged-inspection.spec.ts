import { judgeInspection } from '@tianyan/contracts';
import { cursorAfter, inspectionFacts, judgeRow, parseCursor, stationDay, toFailedInspection, vehicleKey, type InspectionRow } from './judged-inspection';

const row = (overrides: Partial<InspectionRow> = {}): InspectionRow => ({
  time_ms: Date.UTC(2026, 10, 23, 15, 59, 59, 123),
  device_id: 'obd-01',
  seq: 7,
  vin: 'LZZ1CLVB9MA123456',
  plate: '鄂A·12345',
  obd: { commOk: true, mil: false, dtcs: [], readiness: { supported: 6, complete: 6 } },
  opacity_k_m1: [0.2, 0.21, 0.19],
  nox_ppm: 400,
  urea_pct: 32.5,
  incident_id: null,
  incident_code: null,
  ...overrides,
});

describe('judged inspection', () => {
  it('keys a vehicle by its VIN, falling back to the plate', () => {
    expect(vehicleKey(' lzz1clvb9ma123456 ', '鄂A·12345')).toBe('LZZ1CLVB9MA123456');
    expect(vehicleKey('', '鄂A·12345')).toBe('plate:鄂A·12345');
    expect(vehicleKey(null, '豫B·00001')).toBe('plate:豫B·00001');
  });

  it('puts 23:59 UTC+8 and 00:00 UTC+8 on different station days', () => {
    expect(stationDay(Date.UTC(2026, 10, 23, 15, 59, 59))).toBe('2026-11-23');
    expect(stationDay(Date.UTC(2026, 10, 23, 16, 0, 0))).toBe('2026-11-24');
  });

  it('judges the stored columns exactly as the screen judges the same inspection', () => {
    const rows = [
      row(),
      row({ opacity_k_m1: [1.5, 1.6, 1.4] }),
      row({ nox_ppm: 1700, urea_pct: 20 }),
      row({ obd: { commOk: true, mil: true, dtcs: ['P20EE'], readiness: { supported: 6, complete: 6 } } }),
      row({ obd: { commOk: false, dtcs: [] } }),
      row({ obd: { commOk: true, mil: false, dtcs: [], readiness: { supported: 6, complete: 4 } } }),
      row({ nox_ppm: null, urea_pct: null }),
    ];
    for (const r of rows) {
      const screen = judgeInspection({ opacityKM1: r.opacity_k_m1, noxPpm: r.nox_ppm ?? undefined, ureaPct: r.urea_pct ?? undefined, obd: r.obd });
      expect(judgeRow(r, 'b').judgement).toEqual(screen);
    }
    expect(rows.map((r) => judgeRow(r, 'b').judgement.verdict)).toEqual(['pass', 'fail', 'fail', 'fail', 'fail', 'retest', 'pass']);
    expect(inspectionFacts(rows[2]!)).toMatchObject({ noxPpm: 1700, ureaPct: 20 });
  });

  it('judges by the limit set asked for', () => {
    expect(judgeRow(row({ nox_ppm: 1200 }), 'b').judgement.verdict).toBe('fail');
    expect(judgeRow(row({ nox_ppm: 1200 }), 'a').judgement.verdict).toBe('pass');
  });

  it('carries the evidence of a failed inspection: readings, reasons with limits, reading seq', () => {
    const r = row({ opacity_k_m1: [1.5, 1.6, 1.4], incident_id: 'c0ffee00-0000-4000-8000-000000000001', incident_code: 'ENF-1' });
    const f = toFailedInspection(judgeRow(r, 'b'), 'b');
    expect(f).toMatchObject({
      time: '2026-11-23T15:59:59.123Z', stationId: 'obd-01', seq: 7, incidentCode: 'ENF-1', kinds: ['opacity'],
      measured: { opacityKM1: [1.5, 1.6, 1.4], noxPpm: 400, commOk: true, mil: false, dtcs: [], readiness: { supported: 6, complete: 6 } },
    });
    expect(f.reasons[0]).toMatchObject({ kind: 'opacity', limit: 0.7, value: expect.closeTo(1.5, 10) });
  });

  it('round-trips the keyset cursor', () => {
    expect(parseCursor(cursorAfter(row()))).toEqual({ timeMs: Date.UTC(2026, 10, 23, 15, 59, 59, 123), deviceId: 'obd-01', seq: 7 });
  });
});
