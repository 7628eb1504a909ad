import { defaultAlertRules, type AlertRule } from '@tianyan/contracts';
import { makeMsSurvey } from '@tianyan/testing';
import { AlertTracker, type AlertChange } from './alert-tracker';
import { RulesEngine } from './rules-engine';
import { readingOf } from './testing/test-reading';
import { storedRule } from './testing/test-rule';

/** Scenario: an H2S plume passes a 10 Hz sensor; the default rules and the tracker together. */
describe('engine and tracker: an H2S plume at 10 Hz', () => {
  const T0 = Date.UTC(2025, 5, 1, 8);
  const exposureOnly = defaultAlertRules().filter((r) => r.kind === 'exposure');
  const engine = new RulesEngine(exposureOnly.map((input, i) => storedRule(input, { id: `exposure-${i}` }) as AlertRule));
  let n = 0;
  const tracker = new AlertTracker({ refreshMs: 5000, newId: () => `alert-${++n}` });
  // Up to 35 ppm and down again over 60 s, in batches of one second.
  const ppmAt = (s: number) => Math.max(0, 35 * Math.sin((Math.PI * s) / 60));
  const changes: AlertChange[] = [];
  for (let second = 0; second < 70; second++) {
    const batch = Array.from({ length: 10 }, (_, i) => {
      const s = second + i / 10;
      const ts = T0 + Math.round(s * 1000);
      return readingOf('ms/survey', 'ms-1', makeMsSurvey({ ts, seq: second * 10 + i, gases: [{ cas: '7783-06-4', name: 'hydrogen sulfide', value: Number(ppmAt(s).toFixed(3)), unit: 'ppm' }] }));
    });
    changes.push(...tracker.apply(engine.evaluate(batch), T0 + (second + 1) * 1000));
  }

  it('raises one alert, escalates once, and clears once when the plume has passed', () => {
    expect(tracker.openCount).toBe(1);
    const kinds = changes.map((c) => c.type);
    expect(kinds.filter((k) => k === 'raise')).toHaveLength(1);
    expect(changes.filter((c) => c.type === 'escalate')).toMatchObject([{ from: 'yellow', finding: { level: 'orange' } }]);
    expect(kinds.filter((k) => k === 'clear')).toHaveLength(1);
    expect(kinds[kinds.length - 1]).toBe('clear');
    expect(kinds).not.toContain('return');
  });

  it('raises at AEGL-1 and escalates at AEGL-2', () => {
    const raise = changes.find((c) => c.type === 'raise')!;
    expect(raise.finding).toMatchObject({ level: 'yellow', subject: '7783-06-4' });
    expect(raise.finding.measure.value).toBeGreaterThanOrEqual(0.51);
    const escalate = changes.find((c) => c.type === 'escalate')!;
    expect(escalate.finding.measure.value).toBeGreaterThanOrEqual(27);
  });

  it('keeps updates far below the reading rate', () => {
    // 700 readings; a peak at most once per batch while rising, a refresh at most every 5 s.
    expect(changes.length).toBeLessThan(60);
    const refreshTimes = changes.filter((c) => c.type === 'refresh').map((c) => c.finding.at);
    refreshTimes.forEach((t, i) => i > 0 && expect(t - refreshTimes[i - 1]!).toBeGreaterThanOrEqual(4000));
  });
});
