import { STREAMS, type DeviceReading, type Stream } from '@tianyan/contracts';
import type { Finding } from '../finding';
import { readingFinding } from '../finding-factory';
import { formatNumber } from '../format-number';
import type { RuleEvaluator, StoredRule } from '../rule-evaluator';
import { StatusMemory } from '../status-memory';

const SUBJECT = 'clock';

/**
 * A device clock off the server's: live readings whose device time differs from the receive time by
 * more than `maxSkewS`, `minReadings` in a row. Store-and-forward readings are old by design and skipped.
 */
export class ClockSkewRule implements RuleEvaluator {
  readonly streams: readonly Stream[] = STREAMS;
  private readonly skewed = new Map<string, number>();
  private readonly memory = new StatusMemory();

  constructor(readonly rule: StoredRule<'clock-skew'>) {}

  evaluate(reading: DeviceReading, out: Finding[]): void {
    if (reading.late) return;
    const skewS = (reading.time - reading.receivedAt) / 1000;
    if (Math.abs(skewS) <= this.rule.maxSkewS) {
      this.skewed.set(reading.deviceId, 0);
      if (this.memory.admit(reading.deviceId, SUBJECT, 'clear')) out.push(this.finding(reading, skewS, 0));
      return;
    }
    const count = (this.skewed.get(reading.deviceId) ?? 0) + 1;
    this.skewed.set(reading.deviceId, count);
    if (count < this.rule.minReadings) return;
    this.memory.admit(reading.deviceId, SUBJECT, 'level');
    out.push(this.finding(reading, skewS, count));
  }

  private finding(reading: DeviceReading, skewS: number, count: number): Finding {
    const level = count > 0 ? this.rule.level : null;
    const rounded = Math.round(skewS * 10) / 10;
    const off = `${formatNumber(Math.abs(rounded))} s ${skewS >= 0 ? 'ahead of' : 'behind'} the server`;
    return readingFinding(this.rule, reading, {
      subject: SUBJECT,
      status: level === null ? 'clear' : 'level',
      level,
      // Whole seconds: network jitter should not link a new "worst" reading every few milliseconds.
      severity: level === null ? null : Math.round(Math.abs(skewS)),
      measure: { value: rounded, limit: this.rule.maxSkewS, unit: 's', basis: `${this.rule.minReadings} live readings more than ${formatNumber(this.rule.maxSkewS)} s off`, facts: { skewS: rounded, readings: count } },
      title: level === null ? `${reading.deviceId} clock back in step (${off})` : `${reading.deviceId} clock ${off} (limit ±${formatNumber(this.rule.maxSkewS)} s)`,
    });
  }
}
