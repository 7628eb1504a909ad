import { makeMsSurvey } from '@tianyan/testing';
import { RulesEngine } from '../rules-engine';
import { readingOf } from '../testing/test-reading';
import { storedRule } from '../testing/test-rule';

const T0 = Date.UTC(2025, 5, 1, 8);
const engineOf = (tolerance = 0) => new RulesEngine([storedRule({ kind: 'flatline', name: 'stuck TIC', stream: 'ms/survey', field: 'tic', minSamples: 5, windowS: 4, tolerance })]);
const tic = (s: number, value: number, late = false) => readingOf('ms/survey', 'ms-1', makeMsSurvey({ ts: T0 + s * 1000, tic: value }), { late, receivedAt: T0 + 100_000 });
const statuses = (engine: RulesEngine, readings: ReturnType<typeof tic>[]) => engine.evaluate(readings).map((f) => `${(f.at - T0) / 1000}:${f.level ?? f.status}`);

describe('FlatlineRule', () => {
  it('raises after minSamples identical readings spanning windowS and clears on a different value', () => {
    const engine = engineOf();
    const readings = [0, 1, 2, 3, 4, 5].map((s) => tic(s, 2.4e6));
    expect(statuses(engine, readings)).toEqual(['0:clear', '4:blue', '5:blue']);
    expect(statuses(engine, [tic(6, 2.41e6), tic(7, 2.41e6)])).toEqual(['6:clear']);
  });

  it('needs both the count and the span', () => {
    // Five samples within 2 s: not long enough; then ten samples 0.1 s apart reach five but not 4 s.
    expect(statuses(engineOf(), [0, 0.5, 1, 1.5, 2].map((s) => tic(s, 7)))).toEqual(['0:clear']);
    expect(statuses(engineOf(), [0, 4].map((s) => tic(s, 7)))).toEqual(['0:clear']);
  });

  it('measures the run against its first value, so a slow drift within the tolerance of each step still ends it', () => {
    // Each step is 0.4 from the last, but every second step is 0.8 from the run's start: never 5 in a run.
    const drift = Array.from({ length: 12 }, (_, s) => tic(s, 100 + s * 0.4));
    expect(statuses(engineOf(0.5), drift)).toEqual(['0:clear']);
    expect(statuses(engineOf(0.5), [0, 1, 2, 3, 4].map((s) => tic(s, 100 + (s % 2) * 0.4)))).toEqual(['0:clear', '4:blue']);
  });

  it('ignores replayed older readings', () => {
    const engine = engineOf();
    statuses(engine, [0, 1, 2, 3].map((s) => tic(s, 9)));
    expect(statuses(engine, [tic(1.5, 5, true), tic(4, 9)])).toEqual(['4:blue']);
  });

  it('states how long the value has been stuck', () => {
    const fs = engineOf().evaluate([0, 1, 2, 3, 4].map((s) => tic(s, 9)));
    expect(fs[1]).toMatchObject({ subject: 'ms/survey:tic', severity: null, measure: { value: 9, facts: { samples: 5, spanS: 4 } }, title: 'ms/survey tic stuck at 9 for 5 readings over 4 s' });
  });
});
