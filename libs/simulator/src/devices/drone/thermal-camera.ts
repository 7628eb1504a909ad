import { GAIN_RANGE_C } from '@tianyan/contracts';
import { round, type Xy } from '../../geo/local-frame';
import type { Rng } from '../../random/rng';
import type { World } from '../../world/world';

/** Local alias: global lookups are ~8× slower inside Jest's VM context, and this is a hot path. */
const M = Math;

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
  ) {
    this.gx = new Float64Array(w * h);
    this.gy = new Float64Array(w * h);
    this.temps = new Float64Array(w * h);
  }

  /** Per-pixel ground offsets (m east, north of the drone); NaN where the pixel sees sky. Reused. */
  private readonly gx: Float64Array;
  private readonly gy: Float64Array;
  private readonly temps: Float64Array;

  shoot(pose: CameraPose, tS: number): ThermalShot {
    const { w, h, gx, gy, temps } = this;
    const n = w * h;
    this.project(pose);
    const surface = this.world.surfaceAt(tS);
    const ox = pose.truePos.x;
    const oy = pose.truePos.y;
    let sceneMax = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = gx[i]!;
      const t = (x !== x ? SKY_C : surface(ox + x, oy + gy[i]!)) + this.rng.normal(0, 0.3);
      temps[i] = t;
      if (t > sceneMax) sceneMax = t;
    }
    const gainMode = sceneMax > LOW_GAIN_ABOVE_C ? 'low' : 'high';
    const range = GAIN_RANGE_C[gainMode];
    const scaleC = gainMode === 'low' ? 0.1 : 0.01;
    const offsetC = -273.15;
    const bytes = Buffer.alloc(n * 2);
    let vMin = Infinity;
    let vMax = -Infinity;
    let vSum = 0;
    let hot = 0;
    for (let i = 0; i < n; i++) {
      const clipped = M.min(range.max, M.max(range.min, temps[i]!));
      const v = M.round((clipped - offsetC) / scaleC);
      bytes.writeUInt16LE(v, i * 2);
      vSum += v;
      if (v < vMin) vMin = v;
      if (v > vMax) {
        vMax = v;
        hot = i;
      }
    }
    const decode = (v: number) => round(v * scaleC + offsetC, 2);
    const tMinC = decode(vMin);
    const tMaxC = decode(vMax);
    // Geotag the hotspot from where the drone believes it is: GNSS error moves the tag, not the fire.
    const hx = gx[hot]! !== gx[hot]! ? 0 : gx[hot]!;
    const hy = gx[hot]! !== gx[hot]! ? 0 : gy[hot]!;
    const ll = this.world.frame.toLatLon({ x: pose.believedPos.x + hx, y: pose.believedPos.y + hy });
    return {
      gainMode,
      tMinC,
      tMaxC,
      tMeanC: M.min(tMaxC, M.max(tMinC, decode(vSum / n))),
      hotspot: { x: hot % w, y: M.floor(hot / w), lat: round(ll.lat, 7), lon: round(ll.lon, 7), tempC: tMaxC },
      frame: { w, h, scaleC, offsetC, data: bytes.toString('base64') },
    };
  }

  /** Intersects each pixel's ray with flat ground (pinhole camera, yaw/pitch from the gimbal). */
  private project(pose: CameraPose): void {
    const yaw = (pose.yawDeg * M.PI) / 180;
    const pitch = (pose.pitchDeg * M.PI) / 180;
    const fx = M.sin(yaw) * M.cos(pitch);
    const fy = M.cos(yaw) * M.cos(pitch);
    const fz = M.sin(pitch);
    const rx = M.cos(yaw);
    const ry = -M.sin(yaw);
    // up = right × forward (right has no vertical part)
    const ux = ry * fz;
    const uy = -rx * fz;
    const uz = rx * fy - ry * fx;
    const tanH = M.tan((HFOV_DEG * M.PI) / 360);
    const tanV = M.tan((VFOV_DEG * M.PI) / 360);
    const grounded = pose.heightM <= 0.5;
    let i = 0;
    for (let j = 0; j < this.h; j++) {
      const ay = (1 - (2 * (j + 0.5)) / this.h) * tanV;
      for (let k = 0; k < this.w; k++, i++) {
        if (grounded) {
          this.gx[i] = 0;
          this.gy[i] = 0;
          continue;
        }
        const ax = ((2 * (k + 0.5)) / this.w - 1) * tanH;
        const dx = fx + ax * rx + ay * ux;
        const dy = fy + ax * ry + ay * uy;
        const dz = fz + ay * uz;
        if (dz / M.sqrt(dx * dx + dy * dy + dz * dz) > -0.03) {
          this.gx[i] = NaN;
          this.gy[i] = NaN;
          continue;
        }
        const s = pose.heightM / -dz;
        this.gx[i] = dx * s;
        this.gy[i] = dy * s;
      }
    }
  }
}
