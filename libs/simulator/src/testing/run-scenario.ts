import { createScenario, type ScenarioName, type ScenarioOptions } from '../scenario/create-scenario';
import type { Scenario } from '../scenario/scenario';
import type { SimEvent, SimMessage } from '../scenario/sim-event';

/** A fixed start (10:00 CST) so test streams are reproducible. */
export const T0 = Date.UTC(2024, 5, 1, 2, 0, 0);

const cache = new Map<string, { scenario: Scenario; events: SimEvent[] }>();

/** Runs a scenario for `minutes` of virtual time (memoised per arguments within a test file). */
export function runFor(name: ScenarioName, minutes: number, opts: Partial<ScenarioOptions> = {}): { scenario: Scenario; events: SimEvent[] } {
  const key = JSON.stringify([name, minutes, opts]);
  let hit = cache.get(key);
  if (!hit) {
    const scenario = createScenario(name, { seed: 42, startTime: T0, ...opts });
    hit = { scenario, events: scenario.advanceTo(T0 + minutes * 60_000) };
    cache.set(key, hit);
  }
  return hit;
}

export function publishes(events: SimEvent[], stream?: string): SimMessage[] {
  return events.filter((e): e is Extract<SimEvent, { type: 'publish' }> => e.type === 'publish' && (!stream || streamOf(e.topic) === stream));
}

export function streamOf(topic: string): string {
  const p = topic.split('/');
  return `${p[2]}/${p[4]}`;
}
