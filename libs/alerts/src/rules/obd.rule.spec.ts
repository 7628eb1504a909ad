import { makeObdInspection, makeVin } from '@tianyan/testing';
import type { Finding } from '../finding';
import { readingOf } from '../testing/test-reading';
import { storedRule } from '../testing/test-rule';
import { ObdRule } from './obd.rule';

let ts = Date.UTC(2025, 5, 1, 8);
const VIN = makeVin();
const healthyObd = { commOk: true, mil: false, dtcs: [], readiness: { supported: 8, complete: 8 } };
const inspect = (overrides: Record<string, unknown> = {}) => readingOf('obd/inspection', 'obd-1', makeObdInspection({ ts: (ts += 60_000), plate: '鄂A·12345', ...overrides }));

function judge(input: { limitSet?: 'a' | 'b'; failLevel?: 'orange'; retestLevel?: 'blue' | null } = {}, overrides?: Record<string, unknown>): Finding {
  const out: Finding[] = [];
  new ObdRule(storedRule({ kind: 'obd', name: 'roadside', ...input })).evaluate(inspect(overrides), out);
  expect(out).toHaveLength(1);
  return out[0]!;
}

describe('ObdRule', () => {
  it('clears on a pass, per vehicle', () => {
    expect(judge()).toMatchObject({ status: 'clear', level: null, subject: VIN, measure: { facts: { vin: VIN, plate: '鄂A·12345', verdict: 'pass', reasons: [] } } });
  });

  it('raises the fail level and lists every reason with the limit applied', () => {
    const f = judge({ failLevel: 'orange' }, { noxPpm: 1712, opacity: { kM1: [0.9, 1.0, 1.1] }, obd: { ...healthyObd, mil: true, dtcs: ['P20EE', 'P2BAD'] } });
    expect(f).toMatchObject({ status: 'level', level: 'orange', subject: VIN, measure: { basis: 'GB 3847-2018 limit b', facts: { verdict: 'fail', limitSet: 'b' } } });
    expect(f.measure.facts['reasons']).toEqual([
      { kind: 'opacity', value: expect.closeTo(1.0, 9), limit: 0.7, codes: [] },
      { kind: 'nox', value: 1712, limit: 900, codes: [] },
      { kind: 'mil', value: null, limit: null, codes: [] },
      { kind: 'dtc', value: 2, limit: null, codes: ['P20EE', 'P2BAD'] },
    ]);
    expect(f.title).toBe('鄂A·12345 (' + VIN + ') fails GB 3847-2018 limit b: opacity k 1 m⁻¹ > 0.7 m⁻¹; NOx 1712 ppm > 900 ppm; MIL on; 2 emission DTC(s) P20EE, P2BAD');
  });

  it('applies limit a where the rule asks for it', () => {
    expect(judge({ limitSet: 'a' }, { noxPpm: 1200 })).toMatchObject({ status: 'clear' });
    expect(judge({ limitSet: 'b' }, { noxPpm: 1200 })).toMatchObject({ status: 'level', level: 'yellow' });
    expect(judge({ limitSet: 'a' }, { noxPpm: 1600 }).title).toContain('NOx 1600 ppm > 1500 ppm');
  });

  it('treats not-ready monitors as a re-test, at the re-test level or not at all', () => {
    const notReady = { obd: { ...healthyObd, readiness: { supported: 8, complete: 6 } } };
    expect(judge({}, notReady)).toMatchObject({ status: 'level', level: 'blue', measure: { facts: { verdict: 'retest' } } });
    expect(judge({}, notReady).title).toContain('needs a re-test under GB 3847-2018 limit b: 6 of 8 readiness monitors complete');
    expect(judge({ retestLevel: null }, notReady)).toMatchObject({ status: 'clear' });
  });

  it('fails diluted urea and a silent OBD', () => {
    expect(judge({}, { ureaPct: 24.1 }).title).toContain('urea 24.1 % outside 31.8–33.2 %');
    expect(judge({}, { obd: { commOk: false, dtcs: [] } }).title).toContain('no OBD communication');
  });
});
