import type { DeviceReading } from '@tianyan/contracts';
import type { Finding } from '../finding';
import { readingLat, readingLon } from '../reading-position';
import type { RuleScope } from '../rule-scope';
import type { FenceState, GeofenceRule } from './geofence.rule';

/**
 * Consecutive geofence rules of one stream, evaluated as one step: a fix is read once and each
 * fence's per-device state is found by index instead of one map lookup per fence. Findings and state
 * are exactly those of calling each fence in turn; a fence that may change is called in turn.
 * Rebuilt with the rule set (it only caches references to states the fences own).
 */
export class GeofenceSweep {
  private readonly statesByDevice = new Map<string, Array<FenceState | undefined>>();

  constructor(private readonly fences: ReadonlyArray<{ evaluator: GeofenceRule; scope: RuleScope }>) {}

  evaluate(reading: DeviceReading, out: Finding[]): void {
    const lat = readingLat(reading);
    const lon = readingLon(reading);
    if (lat === null || lon === null) return;
    let states = this.statesByDevice.get(reading.deviceId);
    if (states === undefined) this.statesByDevice.set(reading.deviceId, (states = new Array<FenceState | undefined>(this.fences.length).fill(undefined)));
    for (let i = 0; i < this.fences.length; i++) {
      const { evaluator, scope } = this.fences[i]!;
      if (!scope.everyDevice && !scope.covers(reading.deviceId, reading.kind)) continue;
      const state = states[i];
      if (state !== undefined && evaluator.unchangedBy(state, reading.time, lat, lon)) continue;
      evaluator.evaluate(reading, out);
      if (state === undefined) states[i] = evaluator.stateOf(reading.deviceId);
    }
  }
}
