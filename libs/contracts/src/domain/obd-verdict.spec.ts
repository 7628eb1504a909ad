import { judgeInspection, judgeInspectionWithLimits, OBD_LIMITS, type ObdInspectionFacts } from './obd-verdict';

const healthy: ObdInspectionFacts = {
  opacityKM1: [0.21, 0.25, 0.23],
  noxPpm: 320,
  ureaPct: 32.5,
  obd: { commOk: true, mil: false, dtcs: [], readiness: { supported: 6, complete: 6 } },
};
const kinds = (f: ObdInspectionFacts) => judgeInspection(f).reasons.map((r) => r.kind);

describe('OBD roadside verdict (GB 3847-2018, limit b)', () => {
  it('passes a healthy truck', () => {
    expect(judgeInspection(healthy)).toEqual({ verdict: 'pass', reasons: [], meanK: expect.closeTo(0.23, 5) });
  });

  describe('DPF removed: opacity', () => {
    it('fails above limit b 0.7 m⁻¹ on the mean of three runs', () => {
      const j = judgeInspection({ ...healthy, opacityKM1: [0.68, 0.75, 0.8] });
      expect(j.verdict).toBe('fail');
      expect(j.reasons[0]).toMatchObject({ kind: 'opacity', limit: 0.7 });
      expect(j.reasons[0]!.value).toBeCloseTo(0.743, 3);
    });
    it('passes exactly at the limit', () => expect(judgeInspection({ ...healthy, opacityKM1: [0.7, 0.7, 0.7] }).verdict).toBe('pass'));
    it('uses the stored mean when the runs are not known', () => expect(kinds({ opacityMeanKM1: 1.4 })).toEqual(['opacity']));
    it('knows limit a as the reference', () => expect(OBD_LIMITS.opacityK.a).toBe(1.2));
  });

  describe('SCR disabled: NOx', () => {
    it('fails above 900 ppm', () => expect(kinds({ ...healthy, noxPpm: 1712 })).toEqual(['nox']));
    it('passes at 900 ppm', () => expect(judgeInspection({ ...healthy, noxPpm: 900 }).verdict).toBe('pass'));
    it('ignores a missing NOx value', () => expect(judgeInspection({ ...healthy, noxPpm: undefined }).verdict).toBe('pass'));
  });

  describe('urea diluted', () => {
    it.each([[24.1, 31.8], [0, 31.8], [33.9, 33.2]])('fails %s %% (limit %s)', (urea, limit) => {
      expect(judgeInspection({ ...healthy, ureaPct: urea }).reasons).toEqual([{ kind: 'urea', value: urea, limit }]);
    });
    it.each([31.8, 33.2])('passes the band edge %s %%', (urea) => expect(judgeInspection({ ...healthy, ureaPct: urea }).verdict).toBe('pass'));
  });

  describe('MIL and DTCs', () => {
    it('fails with the MIL on', () => expect(kinds({ ...healthy, obd: { ...healthy.obd!, mil: true } })).toEqual(['mil']));
    it('fails with emission DTCs and names them', () => {
      const j = judgeInspection({ ...healthy, obd: { ...healthy.obd!, mil: true, dtcs: ['P20EE', 'P2BAD'] } });
      expect(j.verdict).toBe('fail');
      expect(j.reasons).toContainEqual({ kind: 'dtc', value: 2, codes: ['P20EE', 'P2BAD'] });
    });
  });

  it('fails when the OBD does not communicate', () => {
    expect(judgeInspection({ ...healthy, obd: { commOk: false, dtcs: [] } })).toMatchObject({ verdict: 'fail', reasons: [{ kind: 'comm' }] });
  });

  it('asks for a re-test when readiness monitors are not complete', () => {
    const j = judgeInspection({ ...healthy, obd: { ...healthy.obd!, readiness: { supported: 6, complete: 4 } } });
    expect(j).toMatchObject({ verdict: 'retest', reasons: [{ kind: 'notReady', value: 4, limit: 6 }] });
  });

  it('a failure outranks a re-test and keeps both reasons', () => {
    const j = judgeInspection({ ...healthy, noxPpm: 1600, obd: { ...healthy.obd!, readiness: { supported: 6, complete: 5 } } });
    expect(j.verdict).toBe('fail');
    expect(j.reasons.map((r) => r.kind)).toEqual(['nox', 'notReady']);
  });

  it('judges a measurements-only record (history) on what it carries', () => {
    expect(judgeInspection({ opacityMeanKM1: 0.3, noxPpm: 400, ureaPct: 32 }).verdict).toBe('pass');
  });
});

describe('OBD verdict against limit a (1.2 m⁻¹, 1500 ppm)', () => {
  const a = (f: ObdInspectionFacts) => judgeInspectionWithLimits(f, 'a');
  it('passes opacity between limit b and limit a', () => {
    expect(judgeInspection({ ...healthy, opacityKM1: [0.9, 1.0, 1.1] }).verdict).toBe('fail');
    expect(a({ ...healthy, opacityKM1: [0.9, 1.0, 1.1] }).verdict).toBe('pass');
  });
  it('fails opacity above limit a and names limit a', () => {
    expect(a({ ...healthy, opacityKM1: [1.3, 1.3, 1.3] }).reasons).toEqual([{ kind: 'opacity', value: expect.closeTo(1.3, 9), limit: 1.2 }]);
  });
  it('judges NOx against 1500 ppm', () => {
    expect(a({ ...healthy, noxPpm: 1200 }).verdict).toBe('pass');
    expect(a({ ...healthy, noxPpm: 1501 }).reasons).toEqual([{ kind: 'nox', value: 1501, limit: 1500 }]);
  });
  it('keeps urea, MIL and re-test rules the same', () => {
    expect(a({ ...healthy, ureaPct: 20 }).verdict).toBe('fail');
    expect(a({ ...healthy, obd: { ...healthy.obd!, readiness: { supported: 6, complete: 5 } } }).verdict).toBe('retest');
  });
  it('judgeInspection is limit b', () => {
    const f = { ...healthy, noxPpm: 1000 };
    expect(judgeInspection(f)).toEqual(judgeInspectionWithLimits(f, 'b'));
  });
});
