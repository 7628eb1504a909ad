import { Rng } from '../random/rng';
import type { OffenderConfig } from '../devices/obd/offender-kinds';
import { composeScenario } from './compose-scenario';
import { FAULT_KINDS, type FaultKind } from './faults';
import { INCIDENTS, type IncidentName } from './incident';
import type { Scenario } from './scenario';

export const SCENARIOS = ['chemical-plant-fire', 'river-discharge', 'diesel-enforcement', 'drill'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface ScenarioOptions {
  seed: number;
  /** Epoch ms of virtual time 0. */
  startTime: number;
  /** Marks all traffic `drill: true`; always on for the `drill` scenario. */
  drill?: boolean;
  /** Field faults to inject: `true` = all kinds, `false` = none; default: all for `drill`, none otherwise. */
  faults?: boolean | readonly FaultKind[];
  /** Offender share and mix at OBD stations (default 20 %, all kinds equally). */
  offenders?: OffenderConfig;
  /** Record ground truth (default true; the endless demo turns it off to bound memory). */
  groundTruth?: boolean;
  /** Validate every message against the v1 contract before it leaves (default true). */
  validate?: boolean;
}

export function isScenarioName(name: string): name is ScenarioName {
  return (SCENARIOS as readonly string[]).includes(name);
}

/**
 * Builds a named scenario. `drill` overlays two or three incidents chosen from the seed, all in one
 * world, with every message marked `drill: true`.
 */
export function createScenario(name: ScenarioName, o: ScenarioOptions): Scenario {
  const isDrill = name === 'drill';
  const incidents: IncidentName[] = isDrill ? drillIncidents(o.seed) : [name];
  const faults = o.faults === undefined ? (isDrill ? FAULT_KINDS : []) : o.faults === true ? FAULT_KINDS : o.faults === false ? [] : o.faults;
  return composeScenario({
    name,
    incidents,
    seed: o.seed,
    startTime: o.startTime,
    drill: isDrill || (o.drill ?? false),
    faults,
    offenders: o.offenders,
    groundTruth: o.groundTruth,
    validate: o.validate,
  });
}

/** Two or three distinct incidents, from the seed alone. */
export function drillIncidents(seed: number): IncidentName[] {
  const rng = new Rng(seed).fork('drill-incidents');
  return rng.shuffle(INCIDENTS).slice(0, rng.int(2, INCIDENTS.length));
}
