import { randomUUID } from 'node:crypto';
import {
  alertLevelRank, defaultDueAt, higherAlertLevel,
  type Alert, type AlertLevel, type AlertReadingLink, type AlertState, type AlertStep, type AlertStepKind,
} from '@tianyan/contracts';
import type { Finding } from '@tianyan/alerts';

/** Who took a step: a person, or null for the system. */
export type StepActor = AlertStep['actor'];

/** The alert a finding raises; it starts at `first` (the first finding of the condition). */
export function alertFromFinding(id: string, finding: Finding, first: Finding, now: number): Alert {
  const level = finding.level ?? 'blue';
  const at = new Date(now).toISOString();
  const due = defaultDueAt('raised', level, now);
  return {
    id,
    ruleId: finding.ruleId,
    ruleKind: finding.ruleKind,
    ruleName: finding.ruleName,
    deviceId: finding.deviceId,
    deviceKind: finding.deviceKind,
    subject: finding.subject,
    level,
    peakLevel: level,
    state: 'raised',
    title: finding.title,
    measure: finding.measure,
    peak: finding.measure,
    active: true,
    drill: finding.drill,
    lat: finding.lat,
    lon: finding.lon,
    firstReadingAt: Math.min(first.at, finding.at),
    lastReadingAt: Math.max(first.at, finding.at),
    raisedAt: at,
    updatedAt: at,
    occurrences: 1,
    unitId: null,
    dueAt: due === null ? null : new Date(due).toISOString(),
    overdue: false,
    escalations: 0,
  };
}

/** The alert after one more finding of its condition: the level only rises. */
export function withFinding(alert: Alert, finding: Finding, now: number, { peak }: { peak: boolean }): Alert {
  const level = finding.level ? higherAlertLevel(alert.level, finding.level) : alert.level;
  const next: Alert = {
    ...alert,
    level,
    peakLevel: higherAlertLevel(alert.peakLevel, level),
    title: finding.status === 'level' ? finding.title : alert.title,
    measure: finding.measure,
    peak: peak ? finding.measure : alert.peak,
    lat: finding.lat ?? alert.lat,
    lon: finding.lon ?? alert.lon,
    // A late (store-and-forward) reading of the condition can move its start earlier.
    firstReadingAt: finding.status === 'level' ? Math.min(alert.firstReadingAt, finding.at) : alert.firstReadingAt,
    lastReadingAt: Math.max(alert.lastReadingAt, finding.at),
    updatedAt: new Date(now).toISOString(),
    occurrences: alert.occurrences + 1,
  };
  // A higher colour while unacknowledged shortens the acknowledgement deadline.
  if (alert.state === 'raised' && alertLevelRank(level) > alertLevelRank(alert.level)) {
    const due = defaultDueAt('raised', level, Date.parse(alert.raisedAt));
    if (due !== null && (alert.dueAt === null || due < Date.parse(alert.dueAt))) next.dueAt = new Date(due).toISOString();
  }
  return next;
}

/** A step recorded at server time `now`; `deviceAt` for steps the engine took on a finding (its `at`). */
export function stepOf(
  alert: Alert,
  kind: AlertStepKind,
  now: number,
  extra: { fromState?: AlertState | null; actor?: StepActor; note?: string | null; level?: AlertLevel; deviceAt?: number } = {},
): AlertStep {
  return {
    id: randomUUID(),
    alertId: alert.id,
    kind,
    fromState: extra.fromState === undefined ? alert.state : extra.fromState,
    toState: alert.state,
    level: extra.level ?? alert.level,
    actor: extra.actor ?? null,
    at: new Date(now).toISOString(),
    note: extra.note ?? null,
    unitId: alert.unitId,
    dueAt: alert.dueAt,
    // The device time of the reading behind an engine step: where replay places it.
    ...(extra.deviceAt === undefined ? {} : { deviceAt: new Date(extra.deviceAt).toISOString() }),
    attachments: [],
  };
}

/** The reading behind a finding, to link to the alert. */
export function readingLinkOf(finding: Finding): AlertReadingLink | null {
  if (!finding.reading || !finding.deviceId) return null;
  return {
    deviceId: finding.deviceId,
    stream: finding.reading.stream,
    time: finding.reading.time,
    seq: finding.reading.seq,
    value: finding.measure.value,
    level: finding.level,
  };
}
