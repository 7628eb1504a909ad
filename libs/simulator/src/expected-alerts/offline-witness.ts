import type { AlertRuleOf, DeviceReading } from '@tianyan/contracts';
import { inScope, isoAt, num, type AlertWitness, type Report, type WitnessContext } from './alert-witness';
import type { SimMessage } from '../scenario/sim-event';

/**
 * Offline (wall-clock): a device that sends nothing for `missedIntervals × expectedIntervalS` of
 * virtual time — a dropout, a warm-up, the gap between two inspections — or that vanishes so the
 * broker publishes its last will. Only a run at 1× on a clock that started with it can check this.
 * Subject `offline`.
 */
export class OfflineWitness implements AlertWitness {
  private readonly lastSent = new Map<string, { t: number; kind: string; excused: boolean }>();
  private readonly silenceMs: number;

  constructor(
    private readonly rule: AlertRuleOf<'offline'>,
    private readonly report: Report,
    private readonly ctx: WitnessContext,
  ) {
    this.silenceMs = rule.expectedIntervalS * rule.missedIntervals * 1000;
  }

  onMessage(message: SimMessage, readings: readonly DeviceReading[]): void {
    const kind = readings[0]?.kind;
    if (!kind) return;
    const last = this.lastSent.get(message.deviceId);
    // A device that announced maintenance or calibration is excused from silence until it reports again.
    const status = readings.find((r) => r.channel === 'status')?.data as { state?: string } | undefined;
    const excused = status ? status.state === 'maintenance' || status.state === 'calibration' : (last?.excused ?? false) && readings.every((r) => r.channel === 'status');
    this.lastSent.set(message.deviceId, { t: message.t, kind, excused });
    if (!last || last.excused || message.t - last.t <= this.silenceMs || !inScope(this.rule, message.deviceId, kind)) return;
    const at = last.t + this.silenceMs;
    this.report({
      ruleKind: 'offline',
      deviceId: message.deviceId,
      subject: 'offline',
      level: this.rule.level,
      at,
      why: () => {
        const dropout = this.ctx.faultAt(message.deviceId, 'dropout', at);
        return `${message.deviceId} sent nothing for ${num((message.t - last.t) / 1000)} s (${dropout ? `dropout fault ${dropout.id}` : 'nothing to report'}) > ${num(this.silenceMs / 1000)} s → ${this.rule.level} at ${isoAt(at)}`;
      },
    });
  }

  onDisconnect(deviceId: string, t: number): void {
    const kind = this.lastSent.get(deviceId)?.kind;
    if (!kind || !inScope(this.rule, deviceId, kind)) return;
    this.report({
      ruleKind: 'offline',
      deviceId,
      subject: 'offline',
      level: this.rule.level,
      at: t,
      why: () => {
        const fault = this.ctx.faultAt(deviceId, 'offline', t);
        return `${deviceId} dropped its connection${fault ? ` (offline fault ${fault.id})` : ''}: the broker publishes its last will → ${this.rule.level} at ${isoAt(t)}`;
      },
    });
  }
}
