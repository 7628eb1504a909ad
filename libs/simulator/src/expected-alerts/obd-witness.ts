import { OBD_LIMITS, type AlertRuleOf, type DeviceReading } from '@tianyan/contracts';
import { inScope, isoAt, num, type AlertWitness, type Report } from './alert-witness';
import type { SimMessage } from '../scenario/sim-event';

/**
 * Roadside inspection verdict from the emitted values: GB 3847 limits of the rule's limit set (mean
 * opacity k, lug-down NOx), urea outside the AUS 32 band, MIL on, emission DTCs or no OBD answer fail
 * (`failLevel`); incomplete readiness monitors alone mean a re-test (`retestLevel`). Subject: the VIN.
 */
export class ObdWitness implements AlertWitness {
  constructor(
    private readonly rule: AlertRuleOf<'obd'>,
    private readonly report: Report,
  ) {}

  onMessage(_message: SimMessage, readings: readonly DeviceReading[]): void {
    for (const r of readings) {
      if (r.stream !== 'obd/inspection' || !inScope(this.rule, r.deviceId, r.kind)) continue;
      const { failures, retest } = this.judge(r.data);
      const level = failures.length > 0 ? this.rule.failLevel : retest ? this.rule.retestLevel : null;
      if (!level) continue;
      const reasons = failures.length > 0 ? failures : [retest!];
      this.report({
        ruleKind: 'obd',
        deviceId: r.deviceId,
        subject: r.data.vin,
        level,
        at: r.time,
        why: () => `${r.deviceId} lane ${r.data.lane ?? '?'} ${r.data.vin} (${r.data.plate}) ${failures.length > 0 ? 'fails' : 're-test'}: ${reasons.join('; ')} → ${level} at ${isoAt(r.time)}`,
      });
    }
  }

  private judge(d: Extract<DeviceReading, { stream: 'obd/inspection' }>['data']): { failures: string[]; retest: string | null } {
    const set = this.rule.limitSet;
    const failures: string[] = [];
    const runs = d.opacity.kM1;
    const meanK = runs.reduce((s, k) => s + k, 0) / runs.length;
    if (meanK > OBD_LIMITS.opacityK[set]) failures.push(`mean opacity k ${num(meanK)} > ${OBD_LIMITS.opacityK[set]} m⁻¹`);
    if (d.noxPpm !== undefined && d.noxPpm > OBD_LIMITS.noxPpm[set]) failures.push(`NOx ${d.noxPpm} > ${OBD_LIMITS.noxPpm[set]} ppm`);
    if (d.ureaPct !== undefined && (d.ureaPct < OBD_LIMITS.urea.min || d.ureaPct > OBD_LIMITS.urea.max)) failures.push(`urea ${d.ureaPct} % outside ${OBD_LIMITS.urea.min}–${OBD_LIMITS.urea.max} %`);
    if (!d.obd.commOk) failures.push('no OBD communication');
    if (d.obd.mil === true) failures.push('MIL on');
    if (d.obd.dtcs.length > 0) failures.push(`emission DTCs ${d.obd.dtcs.join(' ')}`);
    const ready = d.obd.readiness;
    const retest = d.obd.commOk && ready && ready.complete < ready.supported ? `${ready.complete}/${ready.supported} readiness monitors complete` : null;
    return { failures, retest };
  }
}
