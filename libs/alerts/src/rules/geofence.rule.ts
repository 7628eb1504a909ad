import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { distance } from '@turf/distance';
import type { DeviceReading, GeofenceGeometry, Stream } from '@tianyan/contracts';
import type { Finding, FindingStatus } from '../finding';
import { readingFinding } from '../finding-factory';
import { formatNumber } from '../format-number';
import { readingLat, readingLon } from '../reading-position';
import type { RuleEvaluator, StoredRule } from '../rule-evaluator';

type Rule = StoredRule<'geofence'>;

export interface FenceState {
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
  /** Per device; an entry, once made, is only ever mutated (GeofenceSweep keeps references). */
  private readonly states = new Map<string, FenceState>();
  private readonly contains: (lat: number, lon: number) => { inside: boolean; distanceM: number | null };
  private readonly box: BoundingBox;

  constructor(readonly rule: Rule) {
    this.contains = containment(rule.geometry);
    this.box = boundingBox(rule.geometry);
  }

  stateOf(deviceId: string): FenceState | undefined {
    return this.states.get(deviceId);
  }

  /**
   * True when this fix cannot change anything: older than the newest one seen, or — most fixes are
   * far from most fences — outside the bounding box of a fence the device was outside of already
   * (then only the device's clock moves).
   */
  unchangedBy(state: FenceState, time: number, lat: number, lon: number): boolean {
    if (time <= state.newest) return true;
    if (state.inside || isNear(this.box, lat, lon)) return false;
    state.newest = time;
    return true;
  }

  evaluate(reading: DeviceReading, out: Finding[]): void {
    const lat = readingLat(reading);
    const lon = readingLon(reading);
    if (lat === null || lon === null) return;
    const state = this.states.get(reading.deviceId);
    if (state !== undefined && this.unchangedBy(state, reading.time, lat, lon)) return;
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
  const box = boundingBox(geometry);
  return (lat, lon) => ({ inside: isNear(box, lat, lon) && booleanPointInPolygon([lon, lat], polygon), distanceM: null });
}

interface BoundingBox {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

/** Great-circle metres per radian, as @turf/distance computes them. */
const EARTH_RADIUS_M = 6371008.8;

/**
 * A box no point of the fence lies outside: the polygon's own, or for a circle the latitude band it
 * spans (a great-circle distance is at least R · |Δlat|; 1 % margin), every longitude.
 */
function boundingBox(geometry: GeofenceGeometry): BoundingBox {
  if (geometry.type === 'circle') {
    const bandDeg = ((geometry.radiusM / EARTH_RADIUS_M) * 180 * 1.01) / Math.PI;
    return { minLat: geometry.center.lat - bandDeg, maxLat: geometry.center.lat + bandDeg, minLon: -Infinity, maxLon: Infinity };
  }
  const box = { minLat: Infinity, maxLat: -Infinity, minLon: Infinity, maxLon: -Infinity };
  for (const [lon, lat] of geometry.coordinates) {
    box.minLon = Math.min(box.minLon, lon!);
    box.maxLon = Math.max(box.maxLon, lon!);
    box.minLat = Math.min(box.minLat, lat!);
    box.maxLat = Math.max(box.maxLat, lat!);
  }
  return box;
}

function isNear(box: BoundingBox, lat: number, lon: number): boolean {
  return lon >= box.minLon && lon <= box.maxLon && lat >= box.minLat && lat <= box.maxLat;
}
