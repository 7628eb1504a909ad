import { makeDroneTelemetry } from '@tianyan/testing';
import { RulesEngine } from '../rules-engine';
import { readingOf } from '../testing/test-reading';
import { storedRule } from '../testing/test-rule';

const T0 = Date.UTC(2025, 5, 1, 8);
const engineOf = () => new RulesEngine([storedRule({ kind: 'clock-skew', name: 'clock', maxSkewS: 120, minReadings: 3 })]);
/** A reading received at T0 + s whose device clock is `skewS` off. */
const at = (s: number, skewS: number, late = false) => readingOf('drone/telemetry', 'uav-1', makeDroneTelemetry({ ts: T0 + (s + skewS) * 1000 }), { receivedAt: T0 + s * 1000, late });
const run = (engine: RulesEngine, readings: ReturnType<typeof at>[]) => engine.evaluate(readings).map((f) => f.level ?? f.status);

describe('ClockSkewRule', () => {
  it('raises after minReadings consecutive skewed live readings and clears on a good one', () => {
    const engine = engineOf();
    expect(run(engine, [at(0, 0), at(1, -300), at(2, -300)])).toEqual(['clear']);
    const fs = engine.evaluate([at(3, -300.04)]);
    expect(fs).toMatchObject([{ status: 'level', level: 'blue', subject: 'clock', severity: 300, measure: { value: -300, limit: 120, unit: 's', facts: { skewS: -300, readings: 3 } } }]);
    expect(fs[0]!.title).toBe('uav-1 clock 300 s behind the server (limit ±120 s)');
    expect(run(engine, [at(4, 0.3)])).toEqual(['clear']);
  });

  it('does not count one outlier', () => {
    expect(run(engineOf(), [at(0, 0), at(1, 500), at(2, 0), at(3, 500), at(4, 500), at(5, 0)])).toEqual(['clear']);
  });

  it('ignores store-and-forward readings, which are old by design', () => {
    const engine = engineOf();
    expect(run(engine, [at(0, -3600, true), at(1, -3600, true), at(2, -3600, true), at(3, -3600, true)])).toEqual([]);
  });

  it('takes a clock ahead of the server just the same', () => {
    expect(engineOf().evaluate([at(0, 200), at(1, 200), at(2, 200)])[0]!.title).toBe('uav-1 clock 200 s ahead of the server (limit ±120 s)');
  });
});
