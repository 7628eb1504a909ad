import type { AlertLevel, DeviceReading, Stream } from '@tianyan/contracts';
import type { Finding } from '../finding';
import { readingFinding } from '../finding-factory';
import { formatNumber } from '../format-number';
import type { RuleEvaluator, StoredRule } from '../rule-evaluator';
import { StatusMemory } from '../status-memory';
import { Threshold } from '../threshold';

const SUBJECT = 'battery';

/** Battery % at or below colour limits: drone telemetry and any status message that carries it. */
export class LowBatteryRule implements RuleEvaluator {
  readonly streams: readonly Stream[] = ['drone/telemetry', 'drone/status', 'ms/status', 'obd/status'];
  private readonly threshold: Threshold;
  private readonly memory = new StatusMemory();

  constructor(readonly rule: StoredRule<'low-battery'>) {
    this.threshold = new Threshold(rule.levels, 'below', rule.hysteresisPct);
  }

  evaluate(reading: DeviceReading, out: Finding[]): void {
    const pct = (reading.data as { batteryPct?: unknown }).batteryPct;
    if (typeof pct !== 'number') return;
    const judgement = this.threshold.judge(pct);
    const status = judgement === 'hold' || judgement === 'clear' ? judgement : 'level';
    if (!this.memory.admit(reading.deviceId, SUBJECT, status, reading.time)) return;
    const limit = this.threshold.limitOf(judgement);
    const what = `${reading.deviceId} battery ${formatNumber(pct)} %`;
    out.push(
      readingFinding(this.rule, reading, {
        subject: SUBJECT,
        status,
        level: status === 'level' ? (judgement as AlertLevel) : null,
        severity: this.threshold.severity(pct),
        measure: { value: pct, limit, unit: '%', basis: null, facts: { stream: reading.stream } },
        title: status === 'level' ? `${what} ≤ ${judgement} limit ${formatNumber(limit)} %` : `${what}: above ${formatNumber(limit)} %`,
      }),
    );
  }
}
