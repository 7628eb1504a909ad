import type { AlertLevel, AlertRuleKind } from '@tianyan/contracts';

/** One alert the default rules must raise for what the simulator emitted (one per rule × device × subject). */
export interface ExpectedAlert {
  ruleKind: AlertRuleKind;
  deviceId: string;
  /** CAS (exposure), VIN (obd), `hotspot` | `hot-area` (thermal), `battery`, `${stream}:${field}` (flatline), `offline`, `clock`. */
  subject: string;
  /** Highest colour the condition must reach (alert levels never drop by themselves). */
  level: AlertLevel;
  /** Device time (epoch ms) of the first emitted reading that reaches the first colour. */
  firstAt: number;
  /** Device time of the reading that first reaches `level`. */
  levelAt: number;
  /** The reading (or fault) that reached `level`, in words. */
  why: string;
}

/**
 * Rule kinds whose expectations depend on wall-clock timing: listed in the truth, but a replay faster
 * than real time cannot check them (silence and clock offsets are measured against the server clock).
 */
export const WALL_CLOCK_RULE_KINDS = ['offline', 'clock-skew', 'quarantine-rate'] as const satisfies readonly AlertRuleKind[];

export function isWallClockRuleKind(kind: AlertRuleKind): boolean {
  return (WALL_CLOCK_RULE_KINDS as readonly AlertRuleKind[]).includes(kind);
}

export interface ExpectedAlertFilter {
  /** Only these rule kinds (default: every kind). */
  ruleKinds?: readonly AlertRuleKind[];
  deviceIds?: readonly string[];
  /** Keep the wall-clock kinds (default false: a replay cannot check them). */
  wallClock?: boolean;
}

/** The expected alerts a check can compare against, e.g. the replayable exposure, thermal and OBD ones. */
export function expectedAlertsFor(truth: { expectedAlerts: readonly ExpectedAlert[] }, filter: ExpectedAlertFilter = {}): ExpectedAlert[] {
  return truth.expectedAlerts.filter(
    (a) =>
      (filter.wallClock === true || !isWallClockRuleKind(a.ruleKind)) &&
      (!filter.ruleKinds || filter.ruleKinds.includes(a.ruleKind)) &&
      (!filter.deviceIds || filter.deviceIds.includes(a.deviceId)),
  );
}

/** Identity of an alert while it is open: compare raised alerts with expected ones by this key. */
export function expectedAlertKey(a: { ruleKind: string; deviceId: string | null; subject: string }): string {
  return `${a.ruleKind}|${a.deviceId ?? ''}|${a.subject}`;
}
