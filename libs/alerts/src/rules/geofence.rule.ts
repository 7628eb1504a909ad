import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { distance } from '@turf/distance';
import type { DeviceReading, GeofenceGeometry, Stream } from '@tianyan/contracts';
import type { Finding, FindingStatus } from '../finding';
import { readingFinding } from '../finding-factory';
import { formatNumber } from '../format-number';
import { readingLat, readingLon } from '../reading-position';
import type { RuleEvaluator, StoredRule } from '../rule-evaluator';

type Rule = StoredRule<'geofence'>;

interface FenceState {
  inside: boolean;
  /** Device time of the first fix of the current stay inside. */
  since: number;
  /** Device time of the newest fix: older ones (store-and-forward) do not move the device back. */
  newest: number;
  /** Dwell: the alert for this stay has gone out. */
  dwelt: boolean;
}

/** Streams that carry a position fix. */
const POSITION_STREAMS: readonly Stream[] = ['drone/telemetry', 'ms/survey', 'ms/identification', 'obd/inspection'];

/**
 * Enter, exit or dwell for one circle (great-circle distance) or polygon. Reports transitions only:
 * a device standing inside an `enter` fence is not re-raised after a person closed the alert.
 */
export class GeofenceRule implements RuleEvaluator {
  readonly streams = POSITION_STREAMS;
  private readonly states = new Map<string, FenceState>();
  private readonly contains: (lat: number, lon: number) => { inside: boolean; distanceM: number | null };

  constructor(readonly rule: Rule) {
    this.contains = containment(rule.geometry);
  }

  evaluate(reading: DeviceReading, out: Finding[]): void {
    const lat = readingLat(reading);
    const lon = readingLon(reading);
    if (lat === null || lon === null) return;
    const state = this.states.get(reading.deviceId);
    if (state !== undefined && reading.time <= state.newest) return;
    const { inside, distanceM } = this.contains(lat, lon);
    const first = state === undefined;
    const wasInside = state?.inside ?? false;
    const now = state ?? { inside, since: reading.time, newest: reading.time, dwelt: false };
    if (first) this.states.set(reading.deviceId, now);
    now.newest = reading.time;
    now.inside = inside;
    if (inside && !wasInside) {
      now.since = reading.time;
      now.dwelt = false;
    }
    const entered = inside && (first || !wasInside);
    const left = !inside && (first || wasInside);
    const status = this.statusOf(now, first, entered, left, reading.time);
    if (status === null) return;
    const insideS = inside ? (reading.time - now.since) / 1000 : null;
    out.push(
      readingFinding(this.rule, reading, {
        subject: this.rule.trigger,
        status,
        level: status === 'level' ? this.rule.level : null,
        severity: null,
        measure: {
          value: this.rule.trigger === 'dwell' ? insideS : null,
          limit: this.rule.trigger === 'dwell' ? (this.rule.dwellS ?? null) : null,
          unit: this.rule.trigger === 'dwell' ? 's' : null,
          basis: null,
          facts: { geofence: this.rule.name, trigger: this.rule.trigger, shape: this.rule.geometry.type, inside, insideS, distanceM },
        },
        title: this.title(reading.deviceId, status, inside, insideS),
      }),
    );
  }

  private statusOf(state: FenceState, first: boolean, entered: boolean, left: boolean, time: number): FindingStatus | null {
    switch (this.rule.trigger) {
      case 'enter':
        return entered ? 'level' : left ? 'clear' : null;
      case 'exit':
        // A first fix outside says nothing about having left.
        return left && !first ? 'level' : entered ? 'clear' : null;
      case 'dwell':
        if (left) return 'clear';
        if (state.inside && !state.dwelt && time - state.since >= this.rule.dwellS! * 1000) {
          state.dwelt = true;
          return 'level';
        }
        return null;
    }
  }

  private title(deviceId: string, status: FindingStatus, inside: boolean, insideS: number | null): string {
    const fence = `geofence "${this.rule.name}"`;
    if (this.rule.trigger === 'dwell' && status === 'level') {
      return `${deviceId} inside ${fence} for ${formatNumber(insideS!)} s (≥ ${this.rule.dwellS} s)`;
    }
    return `${deviceId} ${inside ? 'entered' : 'left'} ${fence}`;
  }
}

function containment(geometry: GeofenceGeometry): (lat: number, lon: number) => { inside: boolean; distanceM: number | null } {
  if (geometry.type === 'circle') {
    const center = [geometry.center.lon, geometry.center.lat];
    return (lat, lon) => {
      const distanceM = distance(center, [lon, lat], { units: 'meters' });
      return { inside: distanceM <= geometry.radiusM, distanceM };
    };
  }
  const ring = geometry.coordinates.map(([lon, lat]) => [lon, lat]);
  const polygon = { type: 'Polygon' as const, coordinates: [ring] };
  // Bounding box first: most fixes are nowhere near most fences.
  let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity;
  for (const [lon, lat] of ring) {
    minLon = Math.min(minLon, lon!);
    maxLon = Math.max(maxLon, lon!);
    minLat = Math.min(minLat, lat!);
    maxLat = Math.max(maxLat, lat!);
  }
  return (lat, lon) => {
    const inside = lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat && booleanPointInPolygon([lon, lat], polygon);
    return { inside, distanceM: null };
  };
}
