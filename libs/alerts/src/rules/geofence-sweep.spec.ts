import { makeDroneTelemetry } from '@tianyan/testing';
import type { AlertRule, AlertRuleInput } from '@tianyan/contracts';
import type { Finding } from '../finding';
import { RulesEngine } from '../rules-engine';
import { readingOf } from '../testing/test-reading';
import { storedRule } from '../testing/test-rule';
import { GeofenceRule } from './geofence.rule';

const T0 = Date.UTC(2025, 5, 1, 8);
type FenceInput = Extract<AlertRuleInput, { kind: 'geofence' }>;

/** Squares and circles in a row along a drone's track, all three triggers, some scoped to other devices. */
function fences(): AlertRule[] {
  return Array.from({ length: 12 }, (_, i) => {
    const lon = 114.3 + i * 0.005;
    const geometry: FenceInput['geometry'] = i % 2 === 0
      ? { type: 'polygon', coordinates: [[lon - 0.002, 30.598], [lon + 0.002, 30.598], [lon + 0.002, 30.602], [lon - 0.002, 30.602], [lon - 0.002, 30.598]] }
      : { type: 'circle', center: { lat: 30.6, lon }, radiusM: 150 };
    const trigger = (['enter', 'exit', 'dwell'] as const)[i % 3]!;
    const scope = i % 4 === 3 ? { deviceIds: ['uav-2'] } : {};
    return storedRule({ kind: 'geofence', name: `fence ${i}`, geometry, trigger, dwellS: 5, level: 'orange', scope } as FenceInput);
  });
}

/** Back and forth along the row, with fixes replayed out of order (store-and-forward). */
function track(deviceId: string): ReturnType<typeof readingOf>[] {
  const fixes = Array.from({ length: 200 }, (_, s) => ({ s, lon: 114.295 + Math.abs(((s * 0.0005) % 0.12) - 0.06), lat: 30.6 + (s % 3) * 0.0003 }));
  const order = [...fixes.slice(0, 30), fixes[12]!, fixes[25]!, ...fixes.slice(30)];
  return order.map(({ s, lon, lat }) => readingOf('drone/telemetry', deviceId, makeDroneTelemetry({ ts: T0 + s * 1000, lat, lon })));
}

describe('GeofenceSweep (consecutive geofences evaluated as one step)', () => {
  it('finds exactly what each fence finds on its own, in rule order', () => {
    const rules = fences();
    const readings = [...track('uav-1'), ...track('uav-2')].sort((a, b) => a.receivedAt - b.receivedAt);
    const engine = new RulesEngine(rules);
    const alone = rules.map((rule) => new GeofenceRule(rule as Extract<AlertRule, { kind: 'geofence' }>));
    const expected: Finding[] = [];
    for (const reading of readings) {
      for (const [i, fence] of alone.entries()) if (i % 4 !== 3 || reading.deviceId === 'uav-2') fence.evaluate(reading, expected);
    }
    const found = engine.evaluate(readings);
    expect(found).toEqual(expected);
    // The track does cross fences, both ways, for every trigger.
    expect(new Set(found.map((f) => `${f.subject}:${f.status}`))).toEqual(new Set(['enter:level', 'enter:clear', 'exit:level', 'exit:clear', 'dwell:level', 'dwell:clear']));
  });
});
