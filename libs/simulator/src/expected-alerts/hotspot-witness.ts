import { levelReached, type AlertRuleOf, type DeviceReading } from '@tianyan/contracts';
import { inScope, isoAt, num, type AlertWitness, type Report } from './alert-witness';
import type { SimMessage } from '../scenario/sim-event';

/** Thermal hotspot: the frame's hottest pixel (`hotspot.tempC`) against the rule's colours. Subject `hotspot`. */
export class HotspotWitness implements AlertWitness {
  constructor(
    private readonly rule: AlertRuleOf<'thermal'>,
    private readonly report: Report,
  ) {}

  onMessage(_message: SimMessage, readings: readonly DeviceReading[]): void {
    for (const r of readings) {
      if (r.stream !== 'drone/thermal' || !inScope(this.rule, r.deviceId, r.kind)) continue;
      const { tempC, lat, lon } = r.data.hotspot;
      const level = levelReached(this.rule.hotspotC, tempC);
      if (!level) continue;
      this.report({
        ruleKind: 'thermal',
        deviceId: r.deviceId,
        subject: 'hotspot',
        level,
        at: r.time,
        why: () => `${r.deviceId} saw a hotspot of ${num(tempC)} °C at ${lat}, ${lon} ≥ ${this.rule.hotspotC[level]} °C → ${level} at ${isoAt(r.time)}${r.late ? ' (store-and-forward)' : ''}`,
      });
    }
  }
}
