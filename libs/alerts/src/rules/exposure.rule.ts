import { ALERT_LEVELS, thresholdsOf, toPpm, type AlertLevel, type DeviceReading, type GasUnit, type LevelLimits, type Stream } from '@tianyan/contracts';
import type { Finding } from '../finding';
import { readingFinding } from '../finding-factory';
import { formatNumber, unitText } from '../format-number';
import type { RuleEvaluator, StoredRule } from '../rule-evaluator';
import { StatusMemory } from '../status-memory';
import { Threshold } from '../threshold';

type Rule = StoredRule<'exposure'>;
/** ppm when the compound's molar mass is known; otherwise a mass rule compares mass readings only. */
type CompareUnit = 'ppm' | 'mg/m3';

interface Hit {
  value: number;
  name: string;
  source: 'survey' | 'identification';
  matchFactor?: number;
}

const MASS_UNITS: readonly GasUnit[] = ['mg/m3', 'ug/m3'];
const toMgM3 = (value: number, unit: GasUnit): number | null => (unit === 'mg/m3' ? value : unit === 'ug/m3' ? value / 1e3 : null);

/**
 * Concentration of one compound (by CAS) against four colour limits. The rule's limits are in its
 * own unit and are converted to ppm once (25 °C, 1 atm), so one rule fires at the same concentration
 * whichever unit a device reports in.
 */
export class ExposureRule implements RuleEvaluator {
  readonly streams: readonly Stream[];
  private readonly compare: CompareUnit;
  private readonly threshold: Threshold;
  private readonly label: string;
  private readonly memory = new StatusMemory();

  constructor(readonly rule: Rule) {
    this.streams = rule.sources.map((s): Stream => (s === 'survey' ? 'ms/survey' : 'ms/identification'));
    const inPpm = convertLimits(rule.levels, (v) => toPpm(v, rule.unit, rule.cas));
    if (inPpm) {
      this.compare = 'ppm';
      this.threshold = new Threshold(inPpm, 'above', rule.hysteresisPct);
    } else {
      // A mass-unit rule for a compound of unknown molar mass: readings in mass units still compare.
      this.compare = 'mg/m3';
      this.threshold = new Threshold(convertLimits(rule.levels, (v) => toMgM3(v, rule.unit) ?? undefined)!, 'above', rule.hysteresisPct);
    }
    this.label = thresholdsOf(rule.cas)?.formula ?? '';
  }

  evaluate(reading: DeviceReading, out: Finding[]): void {
    const hit = this.find(reading);
    if (hit === null) return;
    const judgement = this.threshold.judge(hit.value);
    const status = judgement === 'hold' || judgement === 'clear' ? judgement : 'level';
    if (!this.memory.admit(reading.deviceId, this.rule.cas, status, reading.time)) return;
    const level = status === 'level' ? (judgement as AlertLevel) : null;
    const limit = this.threshold.limitOf(judgement);
    const ruleLevel = level ?? lowestLevel(this.rule.levels);
    const basis = level !== null ? (this.rule.basis[level] ?? null) : null;
    const facts: Record<string, unknown> = {
      cas: this.rule.cas,
      compound: hit.name,
      source: hit.source,
      ruleUnit: this.rule.unit,
      ruleLimit: this.rule.levels[ruleLevel],
    };
    if (hit.matchFactor !== undefined) facts['matchFactor'] = hit.matchFactor;
    if (reading.stream === 'ms/identification') facts['runId'] = reading.data.runId;
    out.push(
      readingFinding(this.rule, reading, {
        subject: this.rule.cas,
        status,
        level,
        severity: hit.value,
        measure: { value: hit.value, limit, unit: unitText(this.compare), basis, facts },
        title: this.title(hit, judgement, limit, ruleLevel, basis),
      }),
    );
  }

  /** The compound in this reading, in the comparison unit; the highest when listed twice. */
  private find(reading: DeviceReading): Hit | null {
    // Every survey meets every exposure rule and most miss: find the index first, build the hit after.
    const cas = this.rule.cas;
    let best = -1;
    let bestValue = 0;
    if (reading.stream === 'ms/survey') {
      const gases = reading.data.gases;
      for (let i = 0; i < gases.length; i++) {
        const g = gases[i]!;
        if (g.cas !== cas) continue;
        const value = this.valueOf(g.ppm, g.value, g.unit);
        if (value !== null && (best === -1 || value > bestValue)) {
          best = i;
          bestValue = value;
        }
      }
      return best === -1 ? null : { value: bestValue, name: gases[best]!.name, source: 'survey' };
    }
    if (reading.stream === 'ms/identification') {
      const compounds = reading.data.compounds;
      for (let i = 0; i < compounds.length; i++) {
        const c = compounds[i]!;
        if (c.cas !== cas || c.matchFactor < this.rule.minMatchFactor) continue;
        const value = this.valueOf(c.ppm, c.concentration, c.unit);
        if (value !== null && (best === -1 || value > bestValue)) {
          best = i;
          bestValue = value;
        }
      }
      if (best === -1) return null;
      const c = compounds[best]!;
      return { value: bestValue, name: c.name, source: 'identification', matchFactor: c.matchFactor };
    }
    return null;
  }

  private valueOf(ppm: number | null, value: number, unit: GasUnit): number | null {
    if (this.compare === 'ppm') return ppm;
    return MASS_UNITS.includes(unit) ? toMgM3(value, unit) : null;
  }

  private title(hit: Hit, judgement: ReturnType<Threshold['judge']>, limit: number, ruleLevel: AlertLevel, basis: string | null): string {
    const unit = unitText(this.compare);
    const what = `${this.label || hit.name} ${formatNumber(hit.value)} ${unit}`;
    const limitText = `${formatNumber(limit)} ${unit}` + (this.rule.unit !== this.compare ? ` (${formatNumber(this.rule.levels[ruleLevel]!)} ${unitText(this.rule.unit)})` : '');
    if (judgement === 'clear') return `${what}: back below ${limitText}`;
    if (judgement === 'hold') return `${what}: below ${limitText}, within the hysteresis band`;
    // The default bases already state their value ("AEGL-1 (60 min) = 0.51 ppm").
    if (basis !== null && basis.includes('=')) return `${what} ≥ ${basis}`;
    return `${what} ≥ ${basis ?? `${judgement} limit`} = ${limitText}`;
  }
}

function convertLimits(levels: LevelLimits, convert: (v: number) => number | undefined): LevelLimits | null {
  const out: LevelLimits = {};
  for (const [level, v] of Object.entries(levels) as Array<[AlertLevel, number | undefined]>) {
    if (v === undefined) continue;
    const converted = convert(v);
    if (converted === undefined) return null;
    out[level] = converted;
  }
  return out;
}

function lowestLevel(levels: LevelLimits): AlertLevel {
  return ALERT_LEVELS.find((l) => levels[l] !== undefined)!;
}
