import type { FlightMode } from './flight-mode';
import { bearingDeg, deltaDeg, distance, normalizeDeg, round, type Xy } from '../../geo/local-frame';
import type { Rng } from '../../random/rng';
import type { FaultPlan } from '../../scenario/faults';
import type { World } from '../../world/world';
import type { DeviceOutput, SimDevice, StatusBody } from '../device';
import { GnssModel } from '../gnss';
import type { Mission } from './flight-plan';
import { ThermalCamera } from './thermal-camera';

/** Local alias: global lookups are ~8× slower inside Jest's VM context, and this is a hot path. */
const M = Math;

export interface DroneConfig {
  id: string;
  home: Xy;
  mission: Mission;
  /** Seconds after scenario start of the first take-off (crews launch one after another). */
  launchAfterS: number;
  telemetryPeriodMs?: number;
  thermalEveryTicks?: number;
  cruiseMs?: number;
  frame?: { w: number; h: number };
}

const FIRMWARE = '07.01.10.03';
const RTH_AT_PCT = 28;
const FORCED_LAND_PCT = 10;
const RTH_ALT_M = 100;
const SWAP_S = 240;
/** Drain in % per second by phase (domain.md §A: ~2–3 %/min). */
const DRAIN = { climb: 3.0 / 60, cruise: 2.6 / 60, hover: 2.2 / 60 };

/**
 * A thermal drone (M30T class): takes off, flies its mission, returns home when the battery runs low,
 * lands, gets a fresh battery and goes again. Telemetry every tick, a thermal shot every few ticks.
 */
export class Drone implements SimDevice {
  readonly kind = 'drone' as const;
  readonly id: string;
  nextAtMs = 0;

  private mode: FlightMode = 'standby';
  private pos: Xy;
  private relAlt = 0;
  private heading: number;
  private speed = 0;
  private vs = 0;
  private battery: number;
  private wp = 0;
  private orbitAngle = 0;
  private standbyUntilMs: number;
  private swapping = false;
  private tickNo = 0;
  private lastBatteryDecile: number;
  private readonly failedBy = new Set<string>();
  private readonly period: number;
  private readonly thermalEvery: number;
  private readonly cruise: number;
  private readonly gnss: GnssModel;
  private readonly camera: ThermalCamera;

  constructor(
    private readonly cfg: DroneConfig,
    private readonly world: World,
    private readonly rng: Rng,
    private readonly faults: FaultPlan,
  ) {
    this.id = cfg.id;
    this.pos = { ...cfg.home };
    this.heading = rng.uniform(0, 360);
    this.battery = rng.uniform(97, 100);
    this.lastBatteryDecile = M.floor(this.battery / 10);
    this.standbyUntilMs = cfg.launchAfterS * 1000;
    this.period = cfg.telemetryPeriodMs ?? 500;
    this.thermalEvery = cfg.thermalEveryTicks ?? 4; // 0.5 Hz: the low end of the contract's 0.5–2 Hz
    this.cruise = cfg.cruiseMs ?? 10;
    this.gnss = new GnssModel(cfg.id, rng.fork('gnss'), faults);
    this.camera = new ThermalCamera(world, rng.fork('thermal'), cfg.frame?.w ?? 40, cfg.frame?.h ?? 32);
  }

  status(): StatusBody {
    const state = this.swapping ? 'maintenance' : this.failedBy.size > 0 && this.mode === 'landing' ? 'fault' : 'online';
    return { state, batteryPct: round(this.battery, 1), firmware: FIRMWARE };
  }

  tick(): DeviceOutput[] {
    const tMs = this.nextAtMs;
    this.nextAtMs += this.period;
    const dt = this.period / 1000;
    const out: DeviceOutput[] = [];
    const before = this.mode;
    this.checkBatteryFailure(tMs, out);
    this.fly(tMs, dt);
    if (this.mode !== before) this.onModeChange(before, out);
    const fix = this.gnss.fix(this.pos, tMs);
    out.push({ channel: 'telemetry', body: this.telemetry(fix.pos, fix.satellites) });
    if (this.tickNo++ % this.thermalEvery === 0 && this.relAlt > 5) out.push(this.thermal(fix.pos, tMs));
    const decile = M.floor(this.battery / 10);
    if (decile !== this.lastBatteryDecile) {
      this.lastBatteryDecile = decile;
      out.push({ channel: 'status', body: { ...this.status() } });
    }
    return out;
  }

  private checkBatteryFailure(tMs: number, out: DeviceOutput[]): void {
    const f = this.faults.active(this.id, 'battery-failure', tMs);
    if (!f || this.failedBy.has(f.id) || this.mode === 'standby') return;
    this.failedBy.add(f.id);
    // A cell fails: the pack reports a sudden low charge and the aircraft lands where it is.
    this.battery = M.min(this.battery, 8);
    this.mode = 'landing';
    out.push({ channel: 'status', body: { state: 'fault', batteryPct: round(this.battery, 1), firmware: FIRMWARE, note: 'battery cell failure: forced landing' } });
  }

  private fly(tMs: number, dt: number): void {
    const m = this.cfg.mission;
    let drain = DRAIN.hover;
    this.vs = 0;
    this.speed = 0;
    switch (this.mode) {
      case 'standby':
        if (tMs >= this.standbyUntilMs) {
          if (this.swapping) this.battery = this.rng.uniform(97, 100);
          this.swapping = false;
          this.mode = 'takeoff';
        }
        return;
      case 'takeoff':
        drain = DRAIN.climb;
        this.climbTo(m.altM, 4, dt);
        if (this.relAlt >= m.altM) {
          this.mode = 'wayline';
          this.wp = 0;
        }
        break;
      case 'wayline': {
        drain = DRAIN.cruise;
        const target = m.kind === 'survey' ? m.waypoints[this.wp]! : this.orbitEntry(m.centre, m.radiusM);
        if (this.moveTo(target, this.cruise, dt)) {
          if (m.kind === 'survey') this.wp = (this.wp + 1) % m.waypoints.length;
          else {
            this.mode = 'orbit';
            this.orbitAngle = bearingDeg(m.centre, this.pos);
          }
        }
        break;
      }
      case 'orbit': {
        if (m.kind !== 'orbit') break;
        const v = 7;
        this.orbitAngle = normalizeDeg(this.orbitAngle + ((v * dt) / m.radiusM) * (180 / M.PI));
        const a = (this.orbitAngle * M.PI) / 180;
        this.pos = { x: m.centre.x + m.radiusM * M.sin(a), y: m.centre.y + m.radiusM * M.cos(a) };
        this.heading = normalizeDeg(this.orbitAngle + 90);
        this.speed = v;
        break;
      }
      case 'rth':
        drain = DRAIN.cruise;
        this.climbTo(RTH_ALT_M, 3, dt);
        if (this.moveTo(this.cfg.home, 12, dt)) this.mode = 'landing';
        break;
      case 'landing':
        this.climbTo(0, 2.5, dt);
        if (this.relAlt <= 0) {
          this.relAlt = 0;
          this.mode = 'standby';
          this.swapping = true;
          // A failed pack away from home takes the crew longer to reach.
          const away = distance(this.pos, this.cfg.home) > 20;
          this.standbyUntilMs = tMs + (away ? 3 * SWAP_S : SWAP_S) * 1000;
        }
        break;
      case 'manual':
        break;
    }
    this.battery = M.max(0, this.battery - drain * dt);
    if (this.battery <= FORCED_LAND_PCT && this.mode !== 'landing' && this.mode !== 'standby') this.mode = 'landing';
    else if (this.battery <= RTH_AT_PCT && (this.mode === 'wayline' || this.mode === 'orbit')) this.mode = 'rth';
  }

  private onModeChange(before: FlightMode, out: DeviceOutput[]): void {
    if (before === 'standby' || this.mode === 'standby') out.push({ channel: 'status', body: { ...this.status(), note: this.mode === 'standby' ? 'landed: battery swap' : 'take-off' } });
  }

  /** Moves towards target at speed v; true when there. */
  private moveTo(target: Xy, v: number, dt: number): boolean {
    const d = distance(this.pos, target);
    if (d < 0.01) return true;
    this.heading = bearingDeg(this.pos, target);
    const step = M.min(d, v * dt);
    this.pos = { x: this.pos.x + ((target.x - this.pos.x) * step) / d, y: this.pos.y + ((target.y - this.pos.y) * step) / d };
    this.speed = step / dt;
    return step >= d;
  }

  private climbTo(alt: number, rate: number, dt: number): void {
    const d = alt - this.relAlt;
    const step = M.sign(d) * M.min(M.abs(d), rate * dt);
    this.relAlt += step;
    this.vs = step / dt;
  }

  private orbitEntry(centre: Xy, r: number): Xy {
    const d = distance(this.pos, centre);
    if (d < 1) return { x: centre.x, y: centre.y + r };
    return { x: centre.x + ((this.pos.x - centre.x) * r) / d, y: centre.y + ((this.pos.y - centre.y) * r) / d };
  }

  private gimbal(): { pitch: number; yaw: number } {
    const m = this.cfg.mission;
    if (this.mode === 'orbit' && m.kind === 'orbit') {
      const pitch = -(M.atan2(this.relAlt, m.radiusM) * 180) / M.PI;
      return { pitch, yaw: deltaDeg(bearingDeg(this.pos, m.centre), this.heading) };
    }
    if (this.mode === 'wayline' && m.kind === 'survey') return { pitch: -90, yaw: 0 };
    if (this.mode === 'rth' || this.mode === 'wayline') return { pitch: -35, yaw: 0 };
    return { pitch: -90, yaw: 0 };
  }

  private telemetry(p: Xy, satellites: number): Record<string, unknown> {
    const ll = this.world.frame.toLatLon(p);
    const g = this.gimbal();
    return {
      lat: round(ll.lat, 7),
      lon: round(ll.lon, 7),
      altM: round(this.world.groundElevationM + this.relAlt, 1),
      relAltM: round(this.relAlt, 1),
      headingDeg: round(this.heading, 1),
      groundSpeedMs: round(M.max(0, this.speed + (this.speed > 0 ? this.rng.normal(0, 0.1) : 0)), 2),
      vertSpeedMs: round(this.vs, 2),
      batteryPct: round(this.battery, 1),
      gimbalPitchDeg: round(g.pitch, 1),
      gimbalYawDeg: round(g.yaw, 1),
      satellites,
      fixType: 3,
      mode: this.mode,
    };
  }

  private thermal(believed: Xy, tMs: number): DeviceOutput {
    const g = this.gimbal();
    const shot = this.camera.shoot({ truePos: this.pos, believedPos: believed, heightM: this.relAlt, yawDeg: this.heading + g.yaw, pitchDeg: g.pitch }, tMs / 1000);
    const ll = this.world.frame.toLatLon(believed);
    const summary = { lat: round(ll.lat, 7), lon: round(ll.lon, 7), relAltM: round(this.relAlt, 1), gainMode: shot.gainMode, tMinC: shot.tMinC, tMaxC: shot.tMaxC, tMeanC: shot.tMeanC, hotspot: shot.hotspot };
    return { channel: 'thermal', body: { ...summary, frame: shot.frame }, bufferBody: summary };
  }
}
