import { judgeInspection } from '@tianyan/contracts';
import { summariseInspections } from './obd-stats';

describe('summariseInspections', () => {
  it('counts failed, re-test and passed vehicles and failures by kind', () => {
    const ok = { opacityKM1: [0.2, 0.2, 0.2], noxPpm: 300, ureaPct: 32.5, obd: { commOk: true, mil: false, dtcs: [], readiness: { supported: 5, complete: 5 } } };
    const s = summariseInspections(
      [
        ok,
        ok,
        { ...ok, noxPpm: 1800, ureaPct: 20 },
        { ...ok, opacityKM1: [1.5, 1.6, 1.4] },
        { ...ok, obd: { ...ok.obd, readiness: { supported: 5, complete: 3 } } },
      ].map(judgeInspection),
    );
    expect(s).toMatchObject({ total: 5, failed: 2, retest: 1, passed: 2, failedShare: 0.4 });
    expect(s.byKind).toMatchObject({ nox: 1, urea: 1, opacity: 1, notReady: 1, mil: 0, comm: 0, dtc: 0 });
  });

  it('is empty-safe', () => expect(summariseInspections([])).toMatchObject({ total: 0, failed: 0, failedShare: 0 }));
});
