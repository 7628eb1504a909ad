import { DEFAULT_EXPOSURE_LEVELS, alertLevelRank, defaultAlertRules, type AlertLevel, type AlertRuleInput, type DeviceReading } from '@tianyan/contracts';
import { makeMsIdentification, makeMsSurvey } from '@tianyan/testing';
import type { Finding } from '../finding';
import { RulesEngine } from '../rules-engine';
import { readingOf } from '../testing/test-reading';
import { storedRule } from '../testing/test-rule';
import { ExposureRule } from './exposure.rule';

const T0 = Date.UTC(2025, 5, 1, 8);
const H2S = '7783-06-4';
const BENZENE = '71-43-2';
let t = T0;

function survey(gases: Array<{ cas: string; value: number; unit: string }>, options: { ts?: number; late?: boolean } = {}) {
  const ts = options.ts ?? (t += 1000);
  const payload = makeMsSurvey({ ts, gases: gases.map((g) => ({ name: `compound ${g.cas}`, ...g })) });
  return readingOf('ms/survey', 'ms-1', payload, { late: options.late, receivedAt: options.late ? t + 60_000 : ts });
}
const ppm = (cas: string, value: number, options?: { ts?: number; late?: boolean }) => survey([{ cas, value, unit: 'ppm' }], options);

function run(rule: ExposureRule, ...readings: DeviceReading[]): Finding[] {
  const out: Finding[] = [];
  for (const r of readings) rule.evaluate(r, out);
  return out;
}
const exposure = (input: Omit<Extract<AlertRuleInput, { kind: 'exposure' }>, 'kind' | 'name'>) => new ExposureRule(storedRule({ kind: 'exposure', name: 'test exposure', ...input }));
const defaultRule = (cas: string) => new ExposureRule(storedRule(defaultAlertRules().find((r) => r.kind === 'exposure' && r.cas === cas) as Extract<AlertRuleInput, { kind: 'exposure' }>));

describe('ExposureRule', () => {
  describe('default four-colour limits', () => {
    it.each([...DEFAULT_EXPOSURE_LEVELS.values()].map((l) => [l.formula, l.cas] as const))('%s: the colour rises with the concentration', (_formula, cas) => {
      const rule = defaultRule(cas);
      const limits = DEFAULT_EXPOSURE_LEVELS.get(cas)!.ppm;
      const top = limits.red! * 2;
      const levels: AlertLevel[] = [];
      for (let v = limits.blue! / 4; v <= top; v *= 1.05) {
        for (const f of run(rule, ppm(cas, v))) if (f.level) levels.push(f.level);
      }
      expect(levels.length).toBeGreaterThan(10);
      levels.forEach((l, i) => i > 0 && expect(alertLevelRank(l)).toBeGreaterThanOrEqual(alertLevelRank(levels[i - 1]!)));
      expect(levels[levels.length - 1]).toBe('red');
    });

    it('H2S reaches yellow at AEGL-1 (its OEL lies above it) and says which limit', () => {
      const [f] = run(defaultRule(H2S), ppm(H2S, 0.82));
      expect(f).toMatchObject({ status: 'level', level: 'yellow', subject: H2S, severity: 0.82 });
      expect(f!.title).toBe('H2S 0.82 ppm ≥ AEGL-1 (60 min) = 0.51 ppm');
      expect(f!.measure).toMatchObject({ value: 0.82, limit: 0.51, unit: 'ppm', basis: 'AEGL-1 (60 min) = 0.51 ppm', facts: { cas: H2S, source: 'survey' } });
    });

    it.each([
      [H2S, 26.9, 'yellow'], [H2S, 27, 'orange'], [H2S, 50, 'red'],
      ['7446-09-5', 0.2, 'yellow'], ['7446-09-5', 0.75, 'orange'], ['7446-09-5', 27, 'red'],
      ['10102-44-0', 0.5, 'yellow'], ['10102-44-0', 12, 'orange'], ['10102-44-0', 13, 'red'],
      ['7782-50-5', 10, 'red'],
    ])('%s at %s ppm is %s', (cas, value, expected) => {
      expect(run(defaultRule(cas), ppm(cas, value))[0]).toMatchObject({ level: expected });
    });
  });

  describe('units', () => {
    it('a rule in mg/m³ fires exactly where the ppm reading crosses it', () => {
      // 10 mg/m³ H2S = 10 × 24.45 / 34.08 = 7.174 ppm
      const rule = exposure({ cas: H2S, unit: 'mg/m3', levels: { yellow: 10 } });
      expect(run(rule, ppm(H2S, 7.17))).toMatchObject([{ status: 'hold' }]);
      const [f] = run(rule, ppm(H2S, 7.18));
      expect(f).toMatchObject({ status: 'level', level: 'yellow', measure: { limit: expect.closeTo(7.1743, 3), unit: 'ppm', facts: { ruleUnit: 'mg/m3', ruleLimit: 10 } } });
      expect(f!.title).toBe('H2S 7.18 ppm ≥ yellow limit = 7.174 ppm (10 mg/m³)');
      expect(run(rule, survey([{ cas: H2S, value: 9.99, unit: 'mg/m3' }]))).toMatchObject([{ status: 'hold' }]);
      expect(run(rule, survey([{ cas: H2S, value: 10, unit: 'mg/m3' }]))).toMatchObject([{ level: 'yellow' }]);
    });

    it('a rule in ppb fires exactly at the ppm equivalent, whatever unit the device reports in', () => {
      const rule = exposure({ cas: BENZENE, unit: 'ppb', levels: { yellow: 500, red: 5000 } });
      expect(run(rule, ppm(BENZENE, 0.4999))).toMatchObject([{ status: 'hold' }]);
      expect(run(rule, ppm(BENZENE, 0.5))).toMatchObject([{ level: 'yellow', measure: { limit: 0.5 } }]);
      expect(run(rule, survey([{ cas: BENZENE, value: 4999, unit: 'ppb' }]))).toMatchObject([{ level: 'yellow' }]);
      expect(run(rule, survey([{ cas: BENZENE, value: 5, unit: 'ppm' }]))).toMatchObject([{ level: 'red' }]);
      // 16 mg/m³ benzene = 5.008 ppm
      expect(run(rule, survey([{ cas: BENZENE, value: 16, unit: 'mg/m3' }]))).toMatchObject([{ level: 'red' }]);
    });

    it('compares mass with mass when the molar mass is unknown', () => {
      const ACETONE = '67-64-1';
      const rule = exposure({ cas: ACETONE, unit: 'mg/m3', levels: { yellow: 100 } });
      expect(run(rule, survey([{ cas: ACETONE, value: 50, unit: 'ppm' }]))).toEqual([]);
      expect(run(rule, survey([{ cas: ACETONE, value: 120_000, unit: 'ug/m3' }]))).toMatchObject([{ level: 'yellow', measure: { value: 120, unit: 'mg/m³' } }]);
    });
  });

  describe('sources', () => {
    const identification = (matchFactor: number, concentration: number) =>
      readingOf('ms/identification', 'ms-1', makeMsIdentification({ ts: (t += 1000), compounds: [{ cas: BENZENE, name: 'benzene', concentration, unit: 'ppm', matchFactor, retentionTimeS: 184 }] }));

    it('takes GC-MS identifications at or above the match factor only', () => {
      const rule = exposure({ cas: BENZENE, levels: { yellow: 1 } });
      expect(run(rule, identification(699, 12))).toEqual([]);
      expect(run(rule, identification(700, 12))).toMatchObject([{ level: 'yellow', measure: { facts: { source: 'identification', matchFactor: 700, runId: 'RUN-0007' } } }]);
    });

    it('watches only the streams its sources name', () => {
      const engine = new RulesEngine([storedRule({ kind: 'exposure', name: 'benzene', cas: BENZENE, levels: { yellow: 1 }, sources: ['identification'] })]);
      expect(engine.evaluate([ppm(BENZENE, 50)])).toEqual([]);
      expect(engine.evaluate([identification(900, 50)])).toHaveLength(1);
    });

    it('ignores readings that do not list the compound', () => {
      expect(run(exposure({ cas: BENZENE, levels: { yellow: 1 } }), ppm(H2S, 100))).toEqual([]);
    });
  });

  it('holds inside the hysteresis band and clears past it, once', () => {
    const rule = exposure({ cas: H2S, levels: { yellow: 10, orange: 20 }, hysteresisPct: 10 });
    const statuses = run(rule, ppm(H2S, 12), ppm(H2S, 9.5), ppm(H2S, 9), ppm(H2S, 8.9), ppm(H2S, 5), ppm(H2S, 1), ppm(H2S, 9.5)).map((f) => f.status);
    expect(statuses).toEqual(['level', 'hold', 'hold', 'clear', 'hold']);
  });

  it('lets a late reading raise but not clear what a newer reading found', () => {
    const rule = exposure({ cas: H2S, levels: { yellow: 10, red: 50 } });
    run(rule, ppm(H2S, 12, { ts: T0 + 100_000 }));
    expect(run(rule, ppm(H2S, 1, { ts: T0 + 50_000, late: true }))).toEqual([]);
    expect(run(rule, ppm(H2S, 60, { ts: T0 + 60_000, late: true }))).toMatchObject([{ level: 'red', at: T0 + 60_000 }]);
    expect(run(rule, ppm(H2S, 1, { ts: T0 + 100_001 }))).toMatchObject([{ status: 'clear' }]);
  });
});
