import { levelReached, toPpm, type AlertRuleOf, type DeviceReading, type LevelLimits } from '@tianyan/contracts';
import { inScope, isoAt, num, type AlertWitness, type Report } from './alert-witness';
import type { SimMessage } from '../scenario/sim-event';

interface Watched {
  rule: AlertRuleOf<'exposure'>;
  ppm: LevelLimits;
}

/**
 * Exposure: survey gas values (ppm) and GC-MS identifications at or above the rule's match factor,
 * against each compound's colour limits. Subject: the CAS number.
 */
export class ExposureWitness implements AlertWitness {
  private readonly byCas = new Map<string, Watched[]>();

  constructor(
    rules: ReadonlyArray<AlertRuleOf<'exposure'>>,
    private readonly report: Report,
  ) {
    for (const rule of rules) {
      const ppm: LevelLimits = {};
      for (const [level, limit] of Object.entries(rule.levels) as Array<[keyof LevelLimits, number | undefined]>) {
        if (limit !== undefined) ppm[level] = toPpm(limit, rule.unit, rule.cas) ?? limit;
      }
      this.byCas.set(rule.cas, [...(this.byCas.get(rule.cas) ?? []), { rule, ppm }]);
    }
  }

  onMessage(_message: SimMessage, readings: readonly DeviceReading[]): void {
    for (const r of readings) {
      if (r.stream === 'ms/survey') {
        for (const g of r.data.gases) this.check(r, 'survey', g.cas, g.name, g.ppm, () => 'survey');
      } else if (r.stream === 'ms/identification') {
        for (const c of r.data.compounds) {
          this.check(r, 'identification', c.cas, c.name, c.ppm, () => `GC-MS run ${r.data.runId}, match ${c.matchFactor}`, c.matchFactor);
        }
      }
    }
  }

  private check(r: DeviceReading, source: 'survey' | 'identification', cas: string, name: string, ppm: number | null, how: () => string, matchFactor?: number): void {
    if (ppm === null) return;
    for (const { rule, ppm: limits } of this.byCas.get(cas) ?? []) {
      if (!rule.enabled || !rule.sources.includes(source) || !inScope(rule, r.deviceId, r.kind)) continue;
      if (matchFactor !== undefined && matchFactor < rule.minMatchFactor) continue;
      const level = levelReached(limits, ppm);
      if (!level) continue;
      this.report({
        ruleKind: 'exposure',
        deviceId: r.deviceId,
        subject: cas,
        level,
        at: r.time,
        why: () => `${r.deviceId} measured ${name} ${num(ppm)} ppm (${how()}) ≥ ${rule.basis[level] ?? `${num(limits[level]!)} ppm`} → ${level} at ${isoAt(r.time)}`,
      });
    }
  }
}
