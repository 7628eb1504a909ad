import { levelReached, type AlertRuleOf, type DeviceReading } from '@tianyan/contracts';
import { inScope, isoAt, num, type AlertWitness, type Report, type WitnessContext } from './alert-witness';
import type { SimMessage } from '../scenario/sim-event';

/** Low battery: every emitted `batteryPct` (drone telemetry and any status message), at or below the colours. */
export class BatteryWitness implements AlertWitness {
  constructor(
    private readonly rule: AlertRuleOf<'low-battery'>,
    private readonly report: Report,
    private readonly ctx: WitnessContext,
  ) {}

  onMessage(message: SimMessage, readings: readonly DeviceReading[]): void {
    for (const r of readings) {
      const pct = 'batteryPct' in r.data ? r.data.batteryPct : undefined;
      if (pct === undefined || !inScope(this.rule, r.deviceId, r.kind)) continue;
      const level = levelReached(this.rule.levels, pct, 'below');
      if (!level) continue;
      this.report({
        ruleKind: 'low-battery',
        deviceId: r.deviceId,
        subject: 'battery',
        level,
        at: r.time,
        why: () => {
          const fault = this.ctx.faultAt(r.deviceId, 'battery-failure', message.t);
          return `${r.deviceId} reported battery ${num(pct)} % (${r.stream}) ≤ ${this.rule.levels[level]} % → ${level} at ${isoAt(r.time)}${fault ? ` (battery cell failure ${fault.id})` : ''}`;
        },
      });
    }
  }
}
