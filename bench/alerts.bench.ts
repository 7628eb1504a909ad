/**
 * Cost of the rules engine on the ingest path: readings/s through RulesEngine.evaluate +
 * AlertTracker.apply with the built-in rules plus geofences, on a seeded chemical-plant-fire fleet
 * (drone telemetry and thermal frames, spectrometer surveys and GC-MS runs) and a diesel lane.
 * Run: npm run bench:alerts [-- --smoke]
 */
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { alertRuleInputSchema, defaultAlertRules, parseDeviceMessage, type AlertRule, type AlertRuleInput, type DeviceReading } from '@tianyan/contracts';
import { AlertTracker, RulesEngine } from '@tianyan/alerts';
import { createScenario } from '@tianyan/simulator';
import { percentile, printTable } from './support/stats';

const BATCH = 500;

function storedRules(geofences: number): AlertRule[] {
  const now = new Date().toISOString();
  const fences: AlertRuleInput[] = Array.from({ length: geofences }, (_, i) => {
    const lon = 114.2 + (i % 10) * 0.01;
    const lat = 30.55 + Math.floor(i / 10) * 0.01;
    const d = 0.004;
    return {
      kind: 'geofence', name: `fence ${i}`, trigger: i % 3 === 0 ? 'dwell' : 'enter', dwellS: 60, level: 'orange',
      geometry: { type: 'polygon', coordinates: [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]] },
    };
  });
  return [...defaultAlertRules(), ...fences].map((input) => ({ ...alertRuleInputSchema.parse(input), id: randomUUID(), builtIn: true, createdAt: now, updatedAt: now }));
}

function fleetReadings(minutes: number): DeviceReading[] {
  const readings: DeviceReading[] = [];
  for (const name of ['chemical-plant-fire', 'diesel-enforcement'] as const) {
    const start = Date.now() - minutes * 60_000;
    const events = createScenario(name, { seed: 42, startTime: start, groundTruth: false }).advanceTo(start + minutes * 60_000);
    for (const e of events) if (e.type === 'publish') readings.push(...parseDeviceMessage(e.topic, e.payload, e.t + 200).readings);
  }
  return readings.sort((a, b) => a.time - b.time);
}

function main(): void {
  const { values } = parseArgs({ options: { smoke: { type: 'boolean', default: false }, minutes: { type: 'string', default: '30' }, geofences: { type: 'string', default: '50' } } });
  const minutes = values.smoke ? 3 : Number(values.minutes);
  const readings = fleetReadings(minutes);
  const rules = storedRules(Number(values.geofences));
  const passes = values.smoke ? 1 : 5;
  const rates: number[] = [];
  let findings = 0;
  let changes = 0;
  let raised = 0;
  const heapBefore = process.memoryUsage().heapUsed;
  for (let pass = 0; pass < passes; pass++) {
    const engine = new RulesEngine(rules);
    const tracker = new AlertTracker({ refreshMs: 5000, newId: randomUUID });
    const started = process.hrtime.bigint();
    for (let i = 0; i < readings.length; i += BATCH) {
      const found = engine.evaluate(readings.slice(i, i + BATCH));
      const changed = tracker.apply(found, readings[i]!.time);
      if (pass === 0) {
        findings += found.length;
        changes += changed.length;
        raised += changed.filter((c) => c.type === 'raise').length;
      }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    rates.push(readings.length / seconds);
  }
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  const median = percentile(rates, 50);
  printTable(`rules engine: ${readings.length.toLocaleString('en-US')} readings (${minutes} virtual min of a plant fire + diesel lanes), ${rules.length} rules, batches of ${BATCH}`, [
    ['readings/s (median of passes)', Math.round(median)],
    ['readings/s (min … max)', `${Math.round(Math.min(...rates))} … ${Math.round(Math.max(...rates))}`],
    ['µs per reading', Number((1e6 / median).toFixed(2))],
    ['findings (first pass)', findings],
    ['alert changes (first pass)', changes],
    ['alerts raised (first pass)', raised],
    ['heap growth over all passes (MB)', Number(heapMb.toFixed(1))],
  ]);
  console.log(JSON.stringify({ bench: 'alerts', readings: readings.length, rules: rules.length, readingsPerSec: Math.round(median), usPerReading: Number((1e6 / median).toFixed(2)), findings, changes, raised, smoke: values.smoke }));
}

main();
