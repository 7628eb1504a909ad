import type { EncodedThermalFrame } from './thermal-frame-pixels';
import { projectPixelsToGround, type CameraPose, type PixelGround } from './camera-ground-projection';
import { thermalFramePixels } from './thermal-frame-pixels';

/** One drone thermal frame with the pose it was taken in. */
export interface ThermalFrameInput {
  deviceId: string;
  time: number;
  lat: number;
  lon: number;
  relAltM: number;
  frame: EncodedThermalFrame;
  /** Camera look direction (heading + gimbal yaw) and gimbal pitch; null = nadir, image top to north. */
  pose: { yawDeg: number; pitchDeg: number } | null;
}

/**
 * A frame decoded and projected to the ground once, reduced to what the thermal extent reads, so a
 * window of frames costs a few hundred bytes each instead of 16 B per pixel: the hottest pixel, the
 * pixels not below the threshold (hot), and for the cold ones only the camera, to project them
 * again in the rare snapshot where they may hide an older hot look (thermal-extent.ts paint).
 * Ground values are the float32 values the projection gives, so the extent is exactly as from every pixel.
 */
export interface ProjectedThermalFrame {
  time: number;
  lat: number;
  lon: number;
  /** The threshold the frame was reduced with. */
  thresholdC: number;
  /** First pixel of the highest temperature (pixel order) among those that see ground; null: all sky. */
  hottest: { dx: number; dy: number; tempC: number } | null;
  /** Hot pixels in pixel order, five numbers each (HOT_PIXEL_FIELDS); null when none (an empty typed array costs ~200 B). */
  hot: Float32Array | null;
  /** The projection of the frame, kept only when some pixel that sees ground is cold. */
  camera: { w: number; h: number; pose: CameraPose } | null;
  /** Bounds of every ground footprint (hot or cold) around the camera's ground point, m. */
  reach: { minX: number; minY: number; maxX: number; maxY: number };
}

/** A hot pixel's numbers: index in the frame (exact in float32 below 2^24 pixels), dx, dy, sizeM, °C. */
export const HOT_PIXEL_FIELDS = 5;

/** Decodes a frame, projects its pixels to flat ground and reduces them; null when the data is short or the drone is not airborne. */
export function projectThermalFrame(f: ThermalFrameInput, hfovDeg: number, thresholdC: number): ProjectedThermalFrame | null {
  const temps = thermalFramePixels(f.frame);
  if (!temps || !(f.relAltM > 0)) return null;
  const pose = f.pose ?? { yawDeg: 0, pitchDeg: -90 };
  const camera = { w: f.frame.w, h: f.frame.h, pose: { heightM: f.relAltM, yawDeg: pose.yawDeg, pitchDeg: pose.pitchDeg, hfovDeg } };
  const ground = projectPixelsToGround(camera.w, camera.h, camera.pose);
  const hotIndex: number[] = [];
  const reach = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  let hottest: ProjectedThermalFrame['hottest'] = null;
  let hottestC = -Infinity;
  let cold = false;
  for (let i = 0; i < temps.length; i++) {
    const dx = ground.dx[i]!;
    if (dx !== dx) continue; // sky
    const dy = ground.dy[i]!;
    const t = temps[i]!;
    const half = ground.sizeM[i]! / 2;
    if (t > hottestC) {
      hottestC = t;
      hottest = { dx, dy, tempC: t };
    }
    if (t < thresholdC) cold = true;
    else hotIndex.push(i);
    if (dx - half < reach.minX) reach.minX = dx - half;
    if (dx + half > reach.maxX) reach.maxX = dx + half;
    if (dy - half < reach.minY) reach.minY = dy - half;
    if (dy + half > reach.maxY) reach.maxY = dy + half;
  }
  let hot: Float32Array | null = null;
  if (hotIndex.length > 0) {
    hot = new Float32Array(HOT_PIXEL_FIELDS * hotIndex.length);
    hotIndex.forEach((i, k) => hot!.set([i, ground.dx[i]!, ground.dy[i]!, ground.sizeM[i]!, temps[i]!], HOT_PIXEL_FIELDS * k));
  }
  return { time: f.time, lat: f.lat, lon: f.lon, thresholdC, hottest, hot, camera: cold ? camera : null, reach };
}

/** Scratch buffers for re-projecting frames, grown to the largest frame seen. */
let scratch: PixelGround = { dx: new Float32Array(0), dy: new Float32Array(0), sizeM: new Float32Array(0) };

/** Every pixel's ground offsets again, in shared buffers valid until the next call. */
export function reprojectThermalFrame(camera: NonNullable<ProjectedThermalFrame['camera']>): PixelGround {
  const n = camera.w * camera.h;
  if (scratch.dx.length < n) scratch = { dx: new Float32Array(n), dy: new Float32Array(n), sizeM: new Float32Array(n) };
  return projectPixelsToGround(camera.w, camera.h, camera.pose, scratch);
}
