import type { AlertRuleKind, DeviceReading } from '@tianyan/contracts';
import type { VehicleTruth } from '../devices/obd/obd-station';
import { ExpectedAlertsRecorder } from '../expected-alerts/expected-alerts-recorder';
import { WALL_CLOCK_RULE_KINDS, type ExpectedAlert } from '../expected-alerts/expected-alert';
import { round, type Xy } from '../geo/local-frame';
import { COMPOUNDS, type CompoundKey } from '../world/compounds';
import { halfWidthAt, sigmas } from '../world/plume';
import { downwindUnit } from '../world/wind';
import type { World } from '../world/world';
import type { Fault, FaultPlan } from './faults';
import type { SimMessage } from './sim-event';

/** Ground-level concentration that bounds the recorded plume extent (ppm). */
export const PLUME_EXTENT_PPM = 0.5;
const SAMPLE_EVERY_MS = 60_000;
const RECEPTOR_Z_M = 1.5;

export interface PlumeExtent {
  cas: string;
  name: string;
  thresholdPpm: number;
  /** Furthest downwind distance (m) where the ground centreline is above the threshold. */
  lengthM: number;
  maxHalfWidthM: number;
  /** Outline above the threshold, [lat, lon] pairs, closed clockwise-ish from the source. */
  polygon: Array<[number, number]>;
}

export interface GroundTruth {
  scenario: string;
  seed: number;
  startTime: number;
  drill: boolean;
  incidents: string[];
  devices: Array<{ id: string; kind: string }>;
  sources: Array<{
    id: string;
    points: Array<{ lat: number; lon: number; weight: number }>;
    heightM: number;
    compounds: Array<{ cas: string; name: string; peakRateGs: number }>;
    /** Per minute: relative strength and emission rate (g/s) per CAS. */
    strength: Array<{ ts: number; relative: number; ratesGs: Record<string, number> }>;
  }>;
  heatSources: Array<{ id: string; kind: string; lat: number; lon: number }>;
  /** Per minute: wind and the plume outline per released compound. */
  plume: Array<{ ts: number; windFromDeg: number; windSpeedMs: number; extents: PlumeExtent[] }>;
  vehicles: VehicleTruth[];
  faults: Array<Fault & { start: number; end: number }>;
  /** The alerts the default rules must raise for what was emitted, in the order they are first raised. */
  expectedAlerts: ExpectedAlert[];
  /** Rule kinds whose expectations depend on wall-clock timing (offline, clock-skew, quarantine-rate): listed, but a replay faster than real time cannot check them. */
  wallClockRuleKinds: AlertRuleKind[];
}

/** Writes down what really happened while a scenario runs (sampled each virtual minute). */
export class GroundTruthRecorder {
  readonly truth: GroundTruth;
  nextAtMs = 0;
  private readonly alerts: ExpectedAlertsRecorder | null;

  constructor(
    head: Pick<GroundTruth, 'scenario' | 'seed' | 'startTime' | 'drill' | 'incidents' | 'devices'>,
    private readonly world: World,
    private readonly faults: FaultPlan,
    private readonly enabled: boolean,
  ) {
    this.truth = {
      ...head,
      sources: world.releases.map((r) => ({
        id: r.cfg.id,
        points: r.cfg.points.map((p) => ({ ...this.ll(p.at), weight: p.weight })),
        heightM: r.cfg.heightM,
        compounds: r.compounds().map((k) => ({ cas: COMPOUNDS[k].cas, name: COMPOUNDS[k].name, peakRateGs: r.cfg.ratesGs[k]! })),
        strength: [],
      })),
      heatSources: world.heatField.hotSources().map((h) => ({ id: h.id, kind: h.kind, ...this.ll(h.kind === 'fire' ? h.centre : h.mouth) })),
      plume: [],
      vehicles: [],
      faults: [],
      expectedAlerts: [],
      wallClockRuleKinds: [...WALL_CLOCK_RULE_KINDS],
    };
    this.alerts = enabled ? new ExpectedAlertsRecorder({ faultAt: (id, kind, t) => faults.active(id, kind, t - world.startTime) }) : null;
    if (!enabled) this.nextAtMs = Infinity;
  }

  /** Whether emitted messages should be shown to `observe` (parsing them costs time). */
  get recording(): boolean {
    return this.alerts !== null;
  }

  /** A message that went out, with the readings the contract parses from it. */
  observe(message: SimMessage, readings: readonly DeviceReading[]): void {
    this.alerts?.observe(message, readings);
  }

  /** A device vanished; the broker publishes its will. */
  disconnected(deviceId: string, t: number): void {
    this.alerts?.disconnected(deviceId, t);
  }

  addVehicle(v: VehicleTruth): void {
    if (this.enabled) this.truth.vehicles.push(v);
  }

  sample(): void {
    const tMs = this.nextAtMs;
    this.nextAtMs += SAMPLE_EVERY_MS;
    const tS = tMs / 1000;
    const ts = this.world.epochMs(tS);
    this.world.releases.forEach((r, i) => {
      const ratesGs: Record<string, number> = {};
      for (const k of r.compounds()) ratesGs[COMPOUNDS[k].cas] = round(r.rateGs(k, tS), 3);
      this.truth.sources[i]!.strength.push({ ts, relative: round(r.strength(tS), 4), ratesGs });
    });
    if (this.world.releases.length > 0) {
      const wind = this.world.wind.at(tS);
      const extents = this.world.releasedCompounds().map((k) => this.extent(k, tS));
      this.truth.plume.push({ ts, windFromDeg: round(wind.fromDeg, 1), windSpeedMs: round(wind.speedMs, 2), extents });
    }
  }

  /** The final record, with faults up to the given virtual time. */
  snapshot(tMs: number): GroundTruth {
    const faults = this.faults.startedBy(tMs).map((f) => ({ ...f, start: this.world.epochMs(f.startMs / 1000), end: this.world.epochMs(f.endMs / 1000) }));
    const offenderOf = new Map(this.truth.vehicles.map((v) => [v.vin, v.offender]));
    const expectedAlerts = (this.alerts?.snapshot() ?? []).map((a) => {
      const offender = a.ruleKind === 'obd' ? offenderOf.get(a.subject) : null;
      return offender ? { ...a, why: `${a.why} (sent through as ${offender})` } : a;
    });
    return { ...this.truth, faults, expectedAlerts };
  }

  /** Plume outline of one compound: walk the centreline of the strongest source, widen by σy. */
  private extent(k: CompoundKey, tS: number): PlumeExtent {
    const release = this.world.releases.find((r) => r.cfg.ratesGs[k])!;
    const origin = release.cfg.points[0]!.at;
    const wind = this.world.wind.at(tS);
    const d = downwindUnit(wind.fromDeg);
    const left: Array<[number, number]> = [];
    const right: Array<[number, number]> = [];
    let lengthM = 0;
    let maxHalf = 0;
    for (let i = 0; i < 40; i++) {
      const x = 10 * Math.pow(1.2, i); // 10 m … ~12 km, finer near the source
      const p = { x: origin.x + d.x * x, y: origin.y + d.y * x };
      const c = this.world.plumePpm(k, p, RECEPTOR_Z_M, tS);
      const half = halfWidthAt(c, PLUME_EXTENT_PPM, sigmas(x, release.cfg.stability).sy);
      if (half <= 0) continue;
      lengthM = x;
      maxHalf = Math.max(maxHalf, half);
      left.push(this.pair({ x: p.x - d.y * half, y: p.y + d.x * half }));
      right.push(this.pair({ x: p.x + d.y * half, y: p.y - d.x * half }));
    }
    const polygon = left.length > 0 ? [this.pair(origin), ...left, ...right.reverse()] : [];
    return { cas: COMPOUNDS[k].cas, name: COMPOUNDS[k].name, thresholdPpm: PLUME_EXTENT_PPM, lengthM: round(lengthM, 0), maxHalfWidthM: round(maxHalf, 0), polygon };
  }

  private ll(p: Xy): { lat: number; lon: number } {
    const ll = this.world.frame.toLatLon(p);
    return { lat: round(ll.lat, 6), lon: round(ll.lon, 6) };
  }

  private pair(p: Xy): [number, number] {
    const ll = this.ll(p);
    return [ll.lat, ll.lon];
  }
}
