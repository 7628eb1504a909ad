import { higherAlertLevel, type Alert, type AlertStep } from '@tianyan/contracts';

/**
 * The alert as it stood right after `steps[index]`: the `alerts` row holds only the latest state, so
 * state, colours, unit and due time are rebuilt from the append-only steps up to that one. Measures
 * and counters are the row's latest (steps do not record them).
 */
export function alertAfterStep(latest: Alert, steps: readonly AlertStep[], index: number): Alert {
  const taken = steps.slice(0, index + 1);
  const step = taken[index]!;
  let unitId: string | null = null;
  let overdue = false;
  for (const s of taken) {
    if (s.unitId !== null) unitId = s.unitId;
    // An overdue step marks the alert until a person takes the next step.
    if (s.kind === 'overdue') overdue = true;
    else if (s.actor !== null) overdue = false;
  }
  return {
    ...latest,
    state: step.toState,
    level: step.level,
    peakLevel: taken.reduce((peak, s) => higherAlertLevel(peak, s.level), step.level),
    unitId,
    dueAt: step.dueAt,
    updatedAt: step.at,
    overdue,
    escalations: taken.filter((s) => s.kind === 'overdue').length,
  };
}
