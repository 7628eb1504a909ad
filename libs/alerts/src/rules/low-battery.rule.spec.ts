import { defaultAlertRules, type AlertRuleInput } from '@tianyan/contracts';
import { makeDroneTelemetry, makeStatus } from '@tianyan/testing';
import { RulesEngine } from '../rules-engine';
import { readingOf } from '../testing/test-reading';
import { storedRule } from '../testing/test-rule';

const T0 = Date.UTC(2025, 5, 1, 8);
const defaults = defaultAlertRules().find((r) => r.kind === 'low-battery') as Extract<AlertRuleInput, { kind: 'low-battery' }>;
const engineOf = () => new RulesEngine([storedRule(defaults)]);
const telemetry = (s: number, batteryPct: number, late = false) => readingOf('drone/telemetry', 'uav-1', makeDroneTelemetry({ ts: T0 + s * 1000, batteryPct }), { late, receivedAt: T0 + 100_000 });
const run = (engine: RulesEngine, readings: ReturnType<typeof readingOf>[]) => engine.evaluate(readings).map((f) => f.level ?? f.status);

describe('LowBatteryRule (30 / 20 / 10 %, 10 % band)', () => {
  it('raises as the battery falls and clears only above 33 %', () => {
    const engine = engineOf();
    expect(run(engine, [telemetry(0, 80), telemetry(1, 31), telemetry(2, 30), telemetry(3, 19.5), telemetry(4, 9)])).toEqual(['clear', 'hold', 'yellow', 'orange', 'red']);
    // A fresh battery: 32 % is within the band, 34 % is past it.
    expect(run(engine, [telemetry(5, 32), telemetry(6, 34)])).toEqual(['hold', 'clear']);
  });

  it('rates lower as worse and says so in words', () => {
    const [f] = engineOf().evaluate([telemetry(0, 18)]);
    expect(f).toMatchObject({ subject: 'battery', severity: -18, level: 'orange', title: 'uav-1 battery 18 % ≤ orange limit 20 %' });
  });

  it('reads any status that carries a battery', () => {
    const engine = engineOf();
    expect(run(engine, [readingOf('ms/status', 'ms-1', makeStatus({ ts: T0, batteryPct: 8 }))])).toEqual(['red']);
    expect(run(engine, [readingOf('obd/status', 'obd-1', makeStatus({ ts: T0, batteryPct: undefined }))])).toEqual([]);
  });

  it('does not clear on an older replayed reading', () => {
    const engine = engineOf();
    run(engine, [telemetry(10, 15)]);
    expect(run(engine, [telemetry(5, 90, true)])).toEqual([]);
  });
});
