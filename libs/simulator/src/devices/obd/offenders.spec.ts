import { isValidVin } from '@tianyan/contracts';
import { OFFENDER_KINDS } from './offender-kinds';
import { publishes, runFor } from '../../testing/run-scenario';

type Inspection = { vin: string; plate: string; lane: number; obd: { commOk: boolean; mil?: boolean; dtcs: string[]; readiness?: { supported: number; complete: number } }; opacity: { kM1: number[] }; noxPpm: number; ureaPct: number };

/** The limits, written out again here so the test does not trust the simulator's own check. */
function breaks(r: Inspection): boolean {
  const k = r.opacity.kM1.reduce((s, x) => s + x, 0) / 3;
  return k > 0.7 || r.noxPpm > 900 || r.ureaPct < 31.8 || r.ureaPct > 33.2 || !r.obd.commOk || r.obd.mil === true || r.obd.dtcs.length > 0 || (r.obd.readiness !== undefined && r.obd.readiness.complete < r.obd.readiness.supported);
}

describe('diesel enforcement over a day', () => {
  const share = 0.3;
  const { scenario, events } = runFor('diesel-enforcement', 24 * 60, { offenders: { share } });
  const records = publishes(events, 'obd/inspection').map((m) => JSON.parse(m.payload) as Inspection);
  const truth = scenario.groundTruth().vehicles;

  it('tests a truck every 3–8 minutes per lane at two stations', () => {
    // 2 stations × 2 lanes × 1440 min / 5.5 min ≈ 1047
    expect(records.length).toBeGreaterThan(850);
    expect(records.length).toBeLessThan(1300);
    expect(truth).toHaveLength(records.length);
  });

  it('gives every truck a VIN with a valid check digit', () => {
    for (const r of records) expect(isValidVin(r.vin)).toBe(true);
    expect(new Set(records.map((r) => r.vin)).size).toBe(records.length);
  });

  it('matches the configured offender share and mix within statistical tolerance', () => {
    const n = truth.length;
    const offenders = truth.filter((v) => v.offender !== null);
    const sd = Math.sqrt(n * share * (1 - share));
    expect(Math.abs(offenders.length - n * share)).toBeLessThan(4 * sd);
    const perKind = (n * share) / OFFENDER_KINDS.length;
    const kindSd = Math.sqrt(perKind);
    for (const kind of OFFENDER_KINDS) {
      const count = offenders.filter((v) => v.offender === kind).length;
      expect(Math.abs(count - perKind)).toBeLessThan(4 * kindSd + 1);
    }
  });

  it('has every offender break a limit and no clean truck break any', () => {
    records.forEach((r, i) => {
      const t = truth[i]!;
      expect(t.vin).toBe(r.vin);
      expect(breaks(r)).toBe(t.offender !== null);
      expect(t.violations.length > 0).toBe(t.offender !== null);
    });
  });

  it('breaks the rule its kind names', () => {
    records.forEach((r, i) => {
      const kind = truth[i]!.offender;
      const k = r.opacity.kM1.reduce((s, x) => s + x, 0) / 3;
      if (kind === 'dpf-removed') expect(k).toBeGreaterThan(1.2);
      if (kind === 'scr-disabled') expect(r.noxPpm).toBeGreaterThan(1500);
      if (kind === 'urea-diluted') expect(r.ureaPct).toBeLessThan(31.8);
      if (kind === 'mil-dtc') expect(r.obd.mil && r.obd.dtcs.length > 0).toBe(true);
      if (kind === 'obd-comm-failure') expect(r.obd.commOk).toBe(false);
      if (kind === 'not-ready') expect(r.obd.readiness!.complete).toBeLessThan(r.obd.readiness!.supported);
    });
  });

  it('honours a mix that leaves kinds out', () => {
    const only = runFor('diesel-enforcement', 6 * 60, { offenders: { share: 0.5, mix: { 'scr-disabled': 1 } } }).scenario.groundTruth().vehicles;
    expect(new Set(only.filter((v) => v.offender).map((v) => v.offender))).toEqual(new Set(['scr-disabled']));
  });
});
