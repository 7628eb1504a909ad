import type { Alert, AlertStep } from '@tianyan/contracts';
import { alertAfterStep } from './alert-after-step';

const step = (kind: string, toState: string, level: string, extra: Partial<AlertStep> = {}) =>
  ({ id: kind, alertId: 'a', kind, fromState: null, toState, level, actor: null, at: `2026-01-01T00:0${kind.length % 10}:00.000Z`, note: null, unitId: null, dueAt: null, attachments: [], ...extra }) as AlertStep;

describe('alertAfterStep', () => {
  const latest = { id: 'a', state: 'closed', level: 'red', peakLevel: 'red', unitId: 'u2', dueAt: null, overdue: false, escalations: 1, updatedAt: 'x' } as unknown as Alert;
  const steps = [
    step('raised', 'new', 'yellow'),
    step('escalated', 'new', 'red'),
    step('overdue', 'new', 'red', { dueAt: '2026-01-01T01:00:00.000Z' }),
    step('acknowledge', 'acknowledged', 'red', { unitId: 'u1', actor: { id: 'p', username: 'p', role: 'operator' } }),
  ];

  it('rebuilds state, colours, unit, overdue and escalations as they stood after each step', () => {
    expect(alertAfterStep(latest, steps, 0)).toMatchObject({ state: 'new', level: 'yellow', peakLevel: 'yellow', unitId: null, overdue: false, escalations: 0, updatedAt: steps[0]!.at });
    expect(alertAfterStep(latest, steps, 2)).toMatchObject({ level: 'red', peakLevel: 'red', overdue: true, escalations: 1, dueAt: '2026-01-01T01:00:00.000Z' });
    expect(alertAfterStep(latest, steps, 3)).toMatchObject({ state: 'acknowledged', unitId: 'u1', overdue: false, escalations: 1 });
  });
});
