import { alertLevelRank, type AlertRuleDefinition, type AlertRuleOf, type DeviceReading } from '@tianyan/contracts';
import type { SimMessage } from '../scenario/sim-event';
import type { AlertWitness, Finding, WitnessContext } from './alert-witness';
import { BatteryWitness } from './battery-witness';
import { defaultRuleDefinitions } from './default-rule-definitions';
import { ClockSkewWitness } from './clock-skew-witness';
import { expectedAlertKey, type ExpectedAlert } from './expected-alert';
import { ExposureWitness } from './exposure-witness';
import { FlatlineWitness } from './flatline-witness';
import { HotAreaWitness } from './hot-area-witness';
import { HotspotWitness } from './hotspot-witness';
import { ObdWitness } from './obd-witness';
import { OfflineWitness } from './offline-witness';

/**
 * Collects, while a scenario runs, the alerts its rules must raise for what the fleet really emitted:
 * one per rule kind × device × subject, at the highest colour any reading reached (alerts never drop by
 * themselves). Metric and geofence rules are not witnessed (the default rules have none), and neither
 * is the quarantine rate (the simulator emits only valid messages).
 */
export class ExpectedAlertsRecorder {
  private readonly alerts = new Map<string, ExpectedAlert>();
  private readonly witnesses: AlertWitness[];

  constructor(ctx: WitnessContext, rules: readonly AlertRuleDefinition[] = defaultRuleDefinitions()) {
    const report = (f: Finding) => this.take(f);
    const enabled = rules.filter((r) => r.enabled);
    const of = <K extends AlertRuleDefinition['kind']>(kind: K) => enabled.filter((r): r is AlertRuleOf<K> => r.kind === kind);
    this.witnesses = [
      new ExposureWitness(of('exposure'), report),
      ...of('thermal').flatMap((r) => [new HotspotWitness(r, report), new HotAreaWitness(r, report)]),
      ...of('obd').map((r) => new ObdWitness(r, report)),
      ...of('low-battery').map((r) => new BatteryWitness(r, report, ctx)),
      ...of('flatline').map((r) => new FlatlineWitness(r, report, ctx)),
      ...of('offline').map((r) => new OfflineWitness(r, report, ctx)),
      ...of('clock-skew').map((r) => new ClockSkewWitness(r, report, ctx)),
    ];
  }

  /** A message that went out, with its parsed readings. */
  observe(message: SimMessage, readings: readonly DeviceReading[]): void {
    for (const w of this.witnesses) w.onMessage?.(message, readings);
  }

  disconnected(deviceId: string, t: number): void {
    for (const w of this.witnesses) w.onDisconnect?.(deviceId, t);
  }

  /** The expected alerts so far, in the order they are first raised. */
  snapshot(): ExpectedAlert[] {
    return [...this.alerts.values()].map((a) => ({ ...a }));
  }

  private take(f: Finding): void {
    const key = expectedAlertKey(f);
    const known = this.alerts.get(key);
    if (known && alertLevelRank(f.level) <= alertLevelRank(known.level)) return;
    const why = f.why();
    if (known) Object.assign(known, { level: f.level, levelAt: f.at, why });
    else this.alerts.set(key, { ruleKind: f.ruleKind, deviceId: f.deviceId, subject: f.subject, level: f.level, firstAt: f.at, levelAt: f.at, why });
  }
}
