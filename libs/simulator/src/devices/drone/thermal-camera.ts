import { GAIN_RANGE_C } from '@tianyan/contracts';
import { round, type Xy } from '../../geo/local-frame';
import type { Rng } from '../../random/rng';
import type { World } from '../../world/world';

/** H20T-class radiometric core (640×512, 13.5 mm): field of view of the full frame. */
const HFOV_DEG = 32;
const VFOV_DEG = 25.6;
/** Brightness temperature of open sky: cold, well inside both gain ranges. */
const SKY_C = -25;
/** Switch to low gain when the scene would clip high gain (domain.md §A: fire uses low gain). */
const LOW_GAIN_ABOVE_C = 140;

export interface CameraPose {
  /** True position (what the camera really sees) and the drone's GNSS belief (how it geotags). */
  truePos: Xy;
  believedPos: Xy;
  heightM: number;
  yawDeg: number;
  pitchDeg: number;
}

export interface ThermalShot {
  gainMode: 'high' | 'low';
  tMinC: number;
  tMaxC: number;
  tMeanC: number;
  hotspot: { x: number; y: number; lat: number; lon: number; tempC: number };
  frame: { w: number; h: number; scaleC: number; offsetC: number; data: string };
}

/**
 * Renders what the camera actually sees: each pixel's ray is intersected with flat ground and the
 * world's surface temperature is read there, plus sensor noise; then quantised the way the contract
 * carries it (uint16, centi-kelvin in high gain, deci-kelvin in low gain so 550 °C still fits).
 */
export class ThermalCamera {
  constructor(
    private readonly world: World,
    private readonly rng: Rng,
    readonly w = 40,
    readonly h = 32,
  ) {}

  shoot(pose: CameraPose, tS: number): ThermalShot {
    const { w, h } = this;
    const temps = new Float64Array(w * h);
    const rays = this.rays(pose);
    let sceneMax = -Infinity;
    for (let i = 0; i < w * h; i++) {
      const r = rays[i];
      const t = r ? this.world.surfaceTempC({ x: pose.truePos.x + r.x, y: pose.truePos.y + r.y }, tS) : SKY_C;
      temps[i] = t + this.rng.normal(0, 0.3);
      if (temps[i]! > sceneMax) sceneMax = temps[i]!;
    }
    const gainMode = sceneMax > LOW_GAIN_ABOVE_C ? 'low' : 'high';
    const range = GAIN_RANGE_C[gainMode];
    const scaleC = gainMode === 'low' ? 0.1 : 0.01;
    const offsetC = -273.15;
    const bytes = Buffer.alloc(w * h * 2);
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let hot = 0;
    for (let i = 0; i < w * h; i++) {
      const clipped = Math.min(range.max, Math.max(range.min, temps[i]!));
      const v = Math.round((clipped - offsetC) / scaleC);
      bytes.writeUInt16LE(v, i * 2);
      const c = round(v * scaleC + offsetC, 2);
      sum += c;
      if (c < min) min = c;
      if (c > max) {
        max = c;
        hot = i;
      }
    }
    const hx = hot % w;
    const hy = Math.floor(hot / w);
    const hotRay = rays[hot];
    // Geotag the hotspot from where the drone believes it is: GNSS error moves the tag, not the fire.
    const hotGround = hotRay ? { x: pose.believedPos.x + hotRay.x, y: pose.believedPos.y + hotRay.y } : pose.believedPos;
    const ll = this.world.frame.toLatLon(hotGround);
    return {
      gainMode,
      tMinC: min,
      tMaxC: max,
      tMeanC: round(Math.min(max, Math.max(min, sum / (w * h))), 2),
      hotspot: { x: hx, y: hy, lat: round(ll.lat, 7), lon: round(ll.lon, 7), tempC: max },
      frame: { w, h, scaleC, offsetC, data: bytes.toString('base64') },
    };
  }

  /** Ground offsets (m east/north of the drone) of each pixel's ray, or null where it sees sky. */
  private rays(pose: CameraPose): Array<Xy | null> {
    const yaw = (pose.yawDeg * Math.PI) / 180;
    const pitch = (pose.pitchDeg * Math.PI) / 180;
    const f = { x: Math.sin(yaw) * Math.cos(pitch), y: Math.cos(yaw) * Math.cos(pitch), z: Math.sin(pitch) };
    const r = { x: Math.cos(yaw), y: -Math.sin(yaw), z: 0 };
    // up = right × forward
    const u = { x: r.y * f.z - r.z * f.y, y: r.z * f.x - r.x * f.z, z: r.x * f.y - r.y * f.x };
    const tanH = Math.tan((HFOV_DEG * Math.PI) / 360);
    const tanV = Math.tan((VFOV_DEG * Math.PI) / 360);
    const out: Array<Xy | null> = [];
    for (let j = 0; j < this.h; j++) {
      const ay = (1 - (2 * (j + 0.5)) / this.h) * tanV;
      for (let i = 0; i < this.w; i++) {
        const ax = ((2 * (i + 0.5)) / this.w - 1) * tanH;
        const dx = f.x + ax * r.x + ay * u.x;
        const dy = f.y + ax * r.y + ay * u.y;
        const dz = f.z + ax * r.z + ay * u.z;
        const norm = Math.hypot(dx, dy, dz);
        if (dz / norm > -0.03 || pose.heightM <= 0.5) {
          out.push(pose.heightM <= 0.5 ? { x: 0, y: 0 } : null);
          continue;
        }
        const s = pose.heightM / -dz;
        out.push({ x: dx * s, y: dy * s });
      }
    }
    return out;
  }
}
