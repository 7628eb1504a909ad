import type { AlertRuleOf, DeviceReading } from '@tianyan/contracts';
import { inScope, isoAt, num, type AlertWitness, type Report, type WitnessContext } from './alert-witness';
import type { SimMessage } from '../scenario/sim-event';

/**
 * Clock skew (wall-clock): live readings whose device time is off the time they were sent by more than
 * `maxSkewS`, `minReadings` in a row. A run at 1× sends at the server's clock, so the send time stands
 * for the server receive time. Subject `clock`.
 */
export class ClockSkewWitness implements AlertWitness {
  private readonly streak = new Map<string, number>();

  constructor(
    private readonly rule: AlertRuleOf<'clock-skew'>,
    private readonly report: Report,
    private readonly ctx: WitnessContext,
  ) {}

  onMessage(message: SimMessage, readings: readonly DeviceReading[]): void {
    for (const r of readings) {
      if (r.late || !inScope(this.rule, r.deviceId, r.kind)) continue;
      const skewMs = r.time - message.t;
      const n = Math.abs(skewMs) > this.rule.maxSkewS * 1000 ? (this.streak.get(r.deviceId) ?? 0) + 1 : 0;
      this.streak.set(r.deviceId, n);
      if (n < this.rule.minReadings) continue;
      this.report({
        ruleKind: 'clock-skew',
        deviceId: r.deviceId,
        subject: 'clock',
        level: this.rule.level,
        at: r.time,
        why: () => {
          const fault = this.ctx.faultAt(r.deviceId, 'clock-skew', message.t);
          return `${r.deviceId} stamped ${n} live readings ${num(skewMs / 1000)} s off the send time (${fault ? `clock-skew fault ${fault.id}` : 'no fault injected'}) > ${this.rule.maxSkewS} s → ${this.rule.level} at ${isoAt(r.time)}`;
        },
      });
    }
  }
}
