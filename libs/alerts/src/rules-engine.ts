import type { AlertRule, DeviceReading, Stream } from '@tianyan/contracts';
import { createRuleEvaluator } from './create-rule-evaluator';
import type { Finding } from './finding';
import type { PeriodicFacts } from './periodic-facts';
import type { RuleEvaluator } from './rule-evaluator';
import { RuleScope } from './rule-scope';
import { GeofenceRule } from './rules/geofence.rule';
import { GeofenceSweep } from './rules/geofence-sweep';

interface Compiled {
  rule: AlertRule;
  evaluator: RuleEvaluator;
  scope: RuleScope;
}

/** What a reading of one stream goes through, in rule order: one rule, or a run of geofences (scope null: the sweep applies each fence's own). */
interface Step {
  scope: RuleScope | null;
  evaluator: { evaluate(reading: DeviceReading, out: Finding[]): void };
}

/**
 * Turns stored readings and periodic facts into findings. Pure and synchronous: no I/O, no clock of
 * its own. Rules are indexed by stream, so a reading costs only the rules that can apply to it.
 */
export class RulesEngine {
  private compiled = new Map<string, Compiled>();
  private byStream = new Map<Stream, Step[]>();
  private periodic: Compiled[] = [];

  constructor(rules: readonly AlertRule[]) {
    this.setRules(rules);
  }

  /**
   * Replace the rule set; keeps the per-device state of rules whose id and updatedAt did not change.
   * Disabled rules are ignored. Throws, naming the rule, on one that cannot be compiled.
   */
  setRules(rules: readonly AlertRule[]): void {
    const next = new Map<string, Compiled>();
    for (const rule of rules) {
      if (!rule.enabled) continue;
      if (next.has(rule.id)) throw new Error(`alert rule id ${rule.id} appears twice`);
      const kept = this.compiled.get(rule.id);
      next.set(rule.id, kept !== undefined && kept.rule.updatedAt === rule.updatedAt ? kept : compile(rule));
    }
    const byStream = new Map<Stream, Compiled[]>();
    const periodic: Compiled[] = [];
    for (const c of next.values()) {
      if (c.evaluator.evaluate) {
        for (const stream of c.evaluator.streams) {
          const list = byStream.get(stream);
          if (list) list.push(c);
          else byStream.set(stream, [c]);
        }
      }
      if (c.evaluator.check) periodic.push(c);
    }
    this.compiled = next;
    this.byStream = new Map([...byStream].map(([stream, list]) => [stream, planOf(list)]));
    this.periodic = periodic;
  }

  /** Every stored reading goes through here (batches of thousands: index rules by stream, stay cheap). */
  evaluate(readings: readonly DeviceReading[]): Finding[] {
    const out: Finding[] = [];
    for (const reading of readings) {
      const plan = this.byStream.get(reading.stream);
      if (plan === undefined) continue;
      for (let i = 0; i < plan.length; i++) {
        const { scope, evaluator } = plan[i]!;
        if (scope === null || scope.everyDevice || scope.covers(reading.deviceId, reading.kind)) evaluator.evaluate(reading, out);
      }
    }
    return out;
  }

  /** Periodic checks (offline, quarantine rate), called every few seconds. */
  check(facts: PeriodicFacts): Finding[] {
    const out: Finding[] = [];
    for (const c of this.periodic) c.evaluator.check!(facts, c.scope, out);
    return out;
  }

  /** Window lengths (s) the quarantine-rate rules need counts for, ascending. */
  quarantineWindowsS(): number[] {
    const windows = new Set<number>();
    for (const c of this.periodic) if (c.rule.kind === 'quarantine-rate') windows.add(c.rule.windowS);
    return [...windows].sort((a, b) => a - b);
  }
}

/** Rules in order; consecutive geofences (often dozens, mostly far away) become one sweep. */
function planOf(list: readonly Compiled[]): Step[] {
  const plan: Step[] = [];
  let fences: Array<{ evaluator: GeofenceRule; scope: RuleScope }> = [];
  const flush = (): void => {
    if (fences.length > 1) plan.push({ scope: null, evaluator: new GeofenceSweep(fences) });
    else plan.push(...fences);
    fences = [];
  };
  for (const c of list) {
    if (c.evaluator instanceof GeofenceRule) {
      fences.push({ evaluator: c.evaluator, scope: c.scope });
      continue;
    }
    flush();
    // Only evaluators with `evaluate` are listed by stream.
    plan.push({ scope: c.scope, evaluator: c.evaluator as Step['evaluator'] });
  }
  flush();
  return plan;
}

function compile(rule: AlertRule): Compiled {
  try {
    return { rule, evaluator: createRuleEvaluator(rule), scope: new RuleScope(rule.scope) };
  } catch (e) {
    throw new Error(`alert rule "${rule.name}" (${rule.id}, ${rule.kind}): ${(e as Error).message}`, { cause: e });
  }
}
