import type { Alert } from '@tianyan/contracts';

/** A complete alert for tests; override what the test is about. */
export function makeAlert(overrides: Partial<Alert> = {}): Alert {
  const measure = { value: 0.8, limit: 0.51, unit: 'ppm', basis: 'AEGL-1 (60 min) = 0.51 ppm', facts: {} };
  return {
    id: 'alert-1', ruleId: 'rule-1', ruleKind: 'exposure', ruleName: 'H2S exposure', deviceId: 'ms-01', deviceKind: 'ms',
    subject: '7783-06-4', level: 'yellow', peakLevel: 'yellow', state: 'raised', title: 'H2S 0.8 ppm ≥ AEGL-1', measure, peak: measure,
    active: true, drill: false, lat: 30.1, lon: 120.2, firstReadingAt: 1_767_225_600_000, lastReadingAt: 1_767_225_600_000,
    raisedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', occurrences: 1, unitId: null, dueAt: null,
    overdue: false, escalations: 0, ...overrides,
  };
}
