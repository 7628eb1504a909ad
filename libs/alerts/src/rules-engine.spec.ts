import { defaultAlertRules, type AlertRule } from '@tianyan/contracts';
import { makeDroneTelemetry, makeMsSurvey } from '@tianyan/testing';
import { RulesEngine } from './rules-engine';
import { readingOf } from './testing/test-reading';
import { storedRule } from './testing/test-rule';

const T0 = Date.UTC(2025, 5, 1, 8);
let ts = T0;
const h2s = (deviceId: string, value: number, drill = false) =>
  readingOf('ms/survey', deviceId, makeMsSurvey({ ts: (ts += 1000), drill, gases: [{ cas: '7783-06-4', name: 'hydrogen sulfide', value, unit: 'ppm' }] }));
const rule = (meta: { id?: string; updatedAt?: string } = {}, extra: { enabled?: boolean; deviceIds?: string[] } = {}) =>
  storedRule({ kind: 'exposure', name: 'H2S', cas: '7783-06-4', levels: { yellow: 10 }, enabled: extra.enabled, scope: { deviceIds: extra.deviceIds } }, meta);
const battery = (deviceId: string, pct: number) => readingOf('drone/telemetry', deviceId, makeDroneTelemetry({ ts: (ts += 1000), batteryPct: pct }));

describe('RulesEngine', () => {
  it('compiles every default rule', () => {
    const rules = defaultAlertRules().map((input, i) => storedRule(input, { id: `default-${i}` }) as AlertRule);
    const engine = new RulesEngine(rules);
    expect(engine.quarantineWindowsS()).toEqual([300]);
    expect(engine.evaluate([h2s('ms-1', 30)])).toMatchObject([{ ruleKind: 'exposure', level: 'orange' }, { ruleKind: 'offline', status: 'clear' }, { ruleKind: 'clock-skew', status: 'clear' }, { ruleKind: 'flatline', status: 'clear' }]);
  });

  it('evaluates only the rules that can apply to a reading', () => {
    const engine = new RulesEngine([rule()]);
    expect(engine.evaluate([battery('uav-1', 5)])).toEqual([]);
    expect(engine.evaluate([h2s('ms-1', 12)])).toHaveLength(1);
  });

  it('watches only the devices in scope', () => {
    const engine = new RulesEngine([rule({}, { deviceIds: ['ms-2'] })]);
    expect(engine.evaluate([h2s('ms-1', 50), h2s('ms-2', 50)]).map((f) => f.deviceId)).toEqual(['ms-2']);
  });

  it('scopes by kind', () => {
    const engine = new RulesEngine([storedRule({ kind: 'low-battery', name: 'battery', levels: { red: 10 }, scope: { kinds: ['ms'] } })]);
    expect(engine.evaluate([battery('uav-1', 5)])).toEqual([]);
  });

  it('never reports from a disabled rule', () => {
    const engine = new RulesEngine([rule({}, { enabled: false })]);
    expect(engine.evaluate([h2s('ms-1', 50)])).toEqual([]);
    expect(engine.check({ now: T0, devices: [{ deviceId: 'ms-1', kind: 'ms', lastSeenAt: 0, state: 'offline' }], quarantined: new Map() })).toEqual([]);
  });

  it('marks drill findings', () => {
    expect(new RulesEngine([rule()]).evaluate([h2s('ms-1', 50, true)])).toMatchObject([{ drill: true }]);
  });

  it('keeps per-device state across setRules for unchanged rules and starts afresh for edited ones', () => {
    const engine = new RulesEngine([rule({ id: 'r1', updatedAt: '2025-06-01T00:00:00.000Z' })]);
    engine.evaluate([h2s('ms-1', 1)]);
    // Unchanged: the clear was already said, so it is not repeated.
    engine.setRules([rule({ id: 'r1', updatedAt: '2025-06-01T00:00:00.000Z' })]);
    expect(engine.evaluate([h2s('ms-1', 1)])).toEqual([]);
    // Edited: no memory, the first clear goes out again.
    engine.setRules([rule({ id: 'r1', updatedAt: '2025-06-02T00:00:00.000Z' })]);
    expect(engine.evaluate([h2s('ms-1', 1)])).toMatchObject([{ status: 'clear' }]);
    engine.setRules([]);
    expect(engine.evaluate([h2s('ms-1', 50)])).toEqual([]);
  });

  it('refuses duplicate ids and names a rule that cannot be compiled', () => {
    expect(() => new RulesEngine([rule({ id: 'x' }), rule({ id: 'x' })])).toThrow('alert rule id x appears twice');
    const broken = { ...storedRule({ kind: 'metric', name: 'bad field', stream: 'ms/survey', field: 'tic', levels: { red: 1 } }, { id: 'm1' }), field: 'nope' } as AlertRule;
    expect(() => new RulesEngine([broken])).toThrow('alert rule "bad field" (m1, metric): unknown field "nope" for ms/survey');
  });
});
