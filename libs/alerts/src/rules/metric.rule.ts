import type { AlertLevel, DeviceReading, Stream } from '@tianyan/contracts';
import type { Finding } from '../finding';
import { readingFinding } from '../finding-factory';
import { formatNumber } from '../format-number';
import { valueReader, type ValueReader } from '../reading-values';
import type { RuleEvaluator, StoredRule } from '../rule-evaluator';
import { StatusMemory } from '../status-memory';
import { Threshold } from '../threshold';

/** Any numeric series field against colour limits, above or below. */
export class MetricRule implements RuleEvaluator {
  readonly streams: readonly Stream[];
  private readonly read: ValueReader;
  private readonly threshold: Threshold;
  private readonly subject: string;
  private readonly memory = new StatusMemory();

  constructor(readonly rule: StoredRule<'metric'>) {
    this.streams = [rule.stream];
    this.read = valueReader(rule.stream, rule.field);
    this.threshold = new Threshold(rule.levels, rule.direction, rule.hysteresisPct);
    this.subject = `${rule.stream}:${rule.field}`;
  }

  evaluate(reading: DeviceReading, out: Finding[]): void {
    const value = this.read(reading);
    if (value === null) return;
    const judgement = this.threshold.judge(value);
    const status = judgement === 'hold' || judgement === 'clear' ? judgement : 'level';
    if (!this.memory.admit(reading.deviceId, this.subject, status, reading.time)) return;
    const limit = this.threshold.limitOf(judgement);
    const unit = this.rule.unitLabel ? ` ${this.rule.unitLabel}` : '';
    const cmp = this.rule.direction === 'above' ? '≥' : '≤';
    const what = `${this.rule.field} ${formatNumber(value)}${unit}`;
    const title =
      status === 'level' ? `${what} ${cmp} ${judgement} limit ${formatNumber(limit)}${unit}`
      : status === 'hold' ? `${what}: past ${formatNumber(limit)}${unit}, within the hysteresis band`
      : `${what}: back past ${formatNumber(limit)}${unit}`;
    out.push(
      readingFinding(this.rule, reading, {
        subject: this.subject,
        status,
        level: status === 'level' ? (judgement as AlertLevel) : null,
        severity: this.threshold.severity(value),
        measure: { value, limit, unit: this.rule.unitLabel || null, basis: null, facts: { stream: this.rule.stream, field: this.rule.field, direction: this.rule.direction } },
        title,
      }),
    );
  }
}
