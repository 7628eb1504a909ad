import type { DeviceReading, Stream } from '@tianyan/contracts';
import type { Finding } from '../finding';
import { readingFinding } from '../finding-factory';
import { formatNumber } from '../format-number';
import { valueReader, type ValueReader } from '../reading-values';
import type { RuleEvaluator, StoredRule } from '../rule-evaluator';
import { StatusMemory } from '../status-memory';

interface Run {
  /** First value of the run: later ones must stay within the tolerance of it, so a slow drift ends it. */
  value: number;
  start: number;
  newest: number;
  count: number;
}

/** A sensor repeating itself: `minSamples` consecutive readings within `tolerance`, spanning `windowS`. */
export class FlatlineRule implements RuleEvaluator {
  readonly streams: readonly Stream[];
  private readonly read: ValueReader;
  private readonly subject: string;
  private readonly runs = new Map<string, Run>();
  private readonly memory = new StatusMemory();

  constructor(readonly rule: StoredRule<'flatline'>) {
    this.streams = [rule.stream];
    this.read = valueReader(rule.stream, rule.field);
    this.subject = `${rule.stream}:${rule.field}`;
  }

  evaluate(reading: DeviceReading, out: Finding[]): void {
    const value = this.read(reading);
    if (value === null) return;
    const run = this.runs.get(reading.deviceId);
    // Consecutive means in device time: a replayed older reading is not part of the current run.
    if (run !== undefined && reading.time <= run.newest) return;
    if (run === undefined || Math.abs(value - run.value) > this.rule.tolerance) {
      this.runs.set(reading.deviceId, { value, start: reading.time, newest: reading.time, count: 1 });
      if (this.memory.admit(reading.deviceId, this.subject, 'clear')) out.push(this.finding(reading, 'clear', value, 1, 0));
      return;
    }
    run.count++;
    run.newest = reading.time;
    const spanS = (run.newest - run.start) / 1000;
    if (run.count < this.rule.minSamples || spanS < this.rule.windowS) return;
    this.memory.admit(reading.deviceId, this.subject, 'level');
    out.push(this.finding(reading, 'level', run.value, run.count, spanS));
  }

  private finding(reading: DeviceReading, status: 'level' | 'clear', value: number, samples: number, spanS: number): Finding {
    const what = `${this.rule.stream} ${this.rule.field}`;
    return readingFinding(this.rule, reading, {
      subject: this.subject,
      status,
      level: status === 'level' ? this.rule.level : null,
      severity: null,
      measure: {
        value,
        limit: null,
        unit: null,
        basis: `${this.rule.minSamples} readings within ±${formatNumber(this.rule.tolerance)} over ≥ ${formatNumber(this.rule.windowS)} s`,
        facts: { samples, spanS, tolerance: this.rule.tolerance, field: this.rule.field },
      },
      title: status === 'level' ? `${what} stuck at ${formatNumber(value)} for ${samples} readings over ${formatNumber(spanS)} s` : `${what} changes again (${formatNumber(value)})`,
    });
  }
}
