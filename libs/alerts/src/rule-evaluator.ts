import type { AlertRule, AlertRuleKind, DeviceReading, Stream } from '@tianyan/contracts';
import type { Finding } from './finding';
import type { PeriodicFacts } from './periodic-facts';
import type { RuleScope } from './rule-scope';

/** A stored rule of one kind. */
export type StoredRule<K extends AlertRuleKind> = Extract<AlertRule, { kind: K }>;

/**
 * One enabled rule, compiled, with its per-device state. The engine calls `evaluate` only for the
 * streams listed and devices in scope; `check` runs on the periodic tick and applies the scope itself.
 */
export interface RuleEvaluator {
  readonly rule: AlertRule;
  readonly streams: readonly Stream[];
  evaluate?(reading: DeviceReading, out: Finding[]): void;
  check?(facts: PeriodicFacts, scope: RuleScope, out: Finding[]): void;
}
