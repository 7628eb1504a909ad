import { resolveSeriesField, TIC_SATURATION, type AlertRuleOf, type DeviceReading, type SeriesField } from '@tianyan/contracts';
import { inScope, isoAt, num, type AlertWitness, type Report, type WitnessContext } from './alert-witness';
import type { SimMessage } from '../scenario/sim-event';

interface Run {
  value: number;
  count: number;
  since: number;
  newest: number;
}

/**
 * Flatline: a field that stays within the tolerance of a run's first value over `minSamples`
 * consecutive readings spanning `windowS`, whatever the cause: a stuck-sensor fault, or a detector
 * pinned at saturation. Subject `${stream}:${field}`.
 */
export class FlatlineWitness implements AlertWitness {
  private readonly field: SeriesField | null;
  private readonly runs = new Map<string, Run>();

  constructor(
    private readonly rule: AlertRuleOf<'flatline'>,
    private readonly report: Report,
    private readonly ctx: WitnessContext,
  ) {
    const field = resolveSeriesField(rule.stream, rule.field);
    this.field = typeof field === 'string' ? null : field;
  }

  onMessage(message: SimMessage, readings: readonly DeviceReading[]): void {
    for (const r of readings) {
      if (r.stream !== this.rule.stream || !inScope(this.rule, r.deviceId, r.kind)) continue;
      const value = this.valueOf(r);
      if (value === null) continue;
      const run = this.runs.get(r.deviceId);
      // Consecutive in device time: a replayed reading older than the run neither extends nor breaks it.
      if (run && r.time <= run.newest) continue;
      if (!run || Math.abs(value - run.value) > this.rule.tolerance) {
        this.runs.set(r.deviceId, { value, count: 1, since: r.time, newest: r.time });
        continue;
      }
      run.count++;
      run.newest = r.time;
      if (run.count < this.rule.minSamples || r.time - run.since < this.rule.windowS * 1000) continue;
      this.report({
        ruleKind: 'flatline',
        deviceId: r.deviceId,
        subject: `${this.rule.stream}:${this.rule.field}`,
        level: this.rule.level,
        at: r.time,
        why: () => {
          const stuck = this.ctx.faultAt(r.deviceId, 'stuck-sensor', message.t);
          const cause = stuck ? `stuck-sensor fault ${stuck.id}` : this.rule.field === 'tic' && value >= TIC_SATURATION ? 'detector saturated' : 'no fault injected';
          return `${r.deviceId} ${this.rule.field} read ${num(value)} ${run.count} times over ${num((r.time - run.since) / 1000)} s (${cause}) → ${this.rule.level} at ${isoAt(r.time)}`;
        },
      });
    }
  }

  private valueOf(r: DeviceReading): number | null {
    const f = this.field;
    if (!f) return null;
    if (f.kind === 'column') {
      const v = (r.data as Record<string, unknown>)[f.name];
      return typeof v === 'number' ? v : null;
    }
    if (f.kind === 'gas' && r.stream === 'ms/survey') return r.data.gases.find((g) => g.cas === f.cas)?.ppm ?? null;
    return null;
  }
}
