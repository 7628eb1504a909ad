import type { AlertLevel, DeviceKind, Stream } from '@tianyan/contracts';
import type { Finding } from '../finding';
import { checkFinding } from '../finding-factory';
import { formatNumber } from '../format-number';
import type { PeriodicFacts } from '../periodic-facts';
import type { RuleEvaluator, StoredRule } from '../rule-evaluator';
import type { RuleScope } from '../rule-scope';
import { StatusMemory } from '../status-memory';
import { Threshold } from '../threshold';

const SUBJECT = 'quarantine';

/** Quarantined (invalid) messages per minute over a window, per device. */
export class QuarantineRateRule implements RuleEvaluator {
  readonly streams: readonly Stream[] = [];
  private readonly threshold: Threshold;
  private readonly memory = new StatusMemory();

  constructor(readonly rule: StoredRule<'quarantine-rate'>) {
    // A count has no noise to damp: below the lowest colour is clear.
    this.threshold = new Threshold(rule.perMinute, 'above', 0);
  }

  check(facts: PeriodicFacts, scope: RuleScope, out: Finding[]): void {
    const counts = facts.quarantined.get(this.rule.windowS) ?? new Map<string, number>();
    const kinds = new Map<string, DeviceKind>(facts.devices.map((d) => [d.deviceId, d.kind]));
    for (const [deviceId, count] of counts) {
      const kind = kinds.get(deviceId) ?? null;
      if (scope.covers(deviceId, kind)) this.judge(deviceId, kind, count, facts.now, out);
    }
    // Devices that were flagged and have nothing quarantined any more.
    for (const deviceId of [...this.memory.flagged(SUBJECT)]) {
      if (!counts.has(deviceId)) this.judge(deviceId, kinds.get(deviceId) ?? null, 0, facts.now, out);
    }
  }

  private judge(deviceId: string, kind: DeviceKind | null, count: number, now: number, out: Finding[]): void {
    const perMinute = count / (this.rule.windowS / 60);
    const judgement = this.threshold.judge(perMinute);
    const status = judgement === 'hold' || judgement === 'clear' ? judgement : 'level';
    if (!this.memory.admit(deviceId, SUBJECT, status)) return;
    const limit = this.threshold.limitOf(judgement);
    const what = `${deviceId}: ${formatNumber(perMinute)} quarantined messages/min over ${formatNumber(this.rule.windowS / 60)} min`;
    out.push(
      checkFinding(this.rule, { deviceId, kind }, now, {
        subject: SUBJECT,
        status,
        level: status === 'level' ? (judgement as AlertLevel) : null,
        severity: perMinute,
        measure: { value: perMinute, limit, unit: 'msg/min', basis: null, facts: { count, windowS: this.rule.windowS } },
        title: status === 'level' ? `${what} ≥ ${judgement} limit ${formatNumber(limit)}` : what,
      }),
    );
  }
}
