import area from '@turf/area';
import { multiPolygon } from '@turf/helpers';
import type { LatLon, ThermalExtent } from '@tianyan/contracts';
import { projectPixelsToGround, type PixelGround } from './camera-ground-projection';
import { contourPolygons } from './contour-polygons';
import type { GridField } from './idw-field';
import { LocalMetricFrame, round6 } from './local-metric-frame';
import { thermalFramePixels, type EncodedThermalFrame } from './thermal-frame-pixels';

/** Local alias: global lookups are much slower inside Jest's VM context, and this is a hot path. */
const M = Math;

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

export interface ThermalExtentOptions {
  thresholdC: number;
  hfovDeg: number;
  /** Largest raster side in cells. */
  maxCells?: number;
}

/** A frame decoded and projected to the ground once, reusable by every snapshot whose window holds it. */
export interface ProjectedThermalFrame {
  time: number;
  lat: number;
  lon: number;
  temps: Float32Array;
  /** Pixel offsets from the camera's ground point. */
  ground: PixelGround;
}

/** Decodes a frame and projects its pixels to flat ground; null when the data is short or the drone is not airborne. */
export function projectThermalFrame(f: ThermalFrameInput, hfovDeg: number): ProjectedThermalFrame | null {
  const temps = thermalFramePixels(f.frame);
  if (!temps || !(f.relAltM > 0)) return null;
  const pose = f.pose ?? { yawDeg: 0, pitchDeg: -90 };
  const ground = projectPixelsToGround(f.frame.w, f.frame.h, { heightM: f.relAltM, yawDeg: pose.yawDeg, pitchDeg: pose.pitchDeg, hfovDeg });
  return { time: f.time, lat: f.lat, lon: f.lon, temps, ground };
}

interface PlacedFrame extends ProjectedThermalFrame {
  /** Camera ground point, local metres. */
  cx: number;
  cy: number;
}

/**
 * Hot area above the threshold from the frames in the window: every pixel is projected to flat
 * ground and painted into one raster over the hot pixels' bounds, where the newest look at a cell
 * decides whether it is hot (a patch that cooled stops counting; overlapping frames are not counted
 * twice). The raster's hot cells are outlined with d3-contour and measured with turf. Growth needs
 * history and is left null (PlumeTracker fills it).
 */
export function computeThermalExtent(frames: readonly ThermalFrameInput[], o: ThermalExtentOptions): ThermalExtent | null {
  return thermalExtentOfProjected(
    frames.flatMap((f) => projectThermalFrame(f, o.hfovDeg) ?? []),
    o,
  );
}

/** computeThermalExtent over frames already projected (the analyzer caches projections). */
export function thermalExtentOfProjected(frames: readonly ProjectedThermalFrame[], o: Omit<ThermalExtentOptions, 'hfovDeg'>): ThermalExtent | null {
  if (frames.length === 0) return null;
  const frame = new LocalMetricFrame(frames.reduce((s, f) => s + f.lat, 0) / frames.length, frames.reduce((s, f) => s + f.lon, 0) / frames.length);
  const placed: PlacedFrame[] = [];
  let hottestC = -Infinity;
  let hottest: LatLon | null = null;
  const bounds = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  const hotSizes: number[] = [];
  for (const f of frames) {
    const { temps, ground } = f;
    const p: PlacedFrame = { ...f, cx: frame.x(f.lon), cy: frame.y(f.lat) };
    for (let i = 0; i < temps.length; i++) {
      const dx = ground.dx[i]!;
      if (dx !== dx) continue; // sky
      const t = temps[i]!;
      const x = p.cx + dx;
      const y = p.cy + ground.dy[i]!;
      if (t > hottestC) {
        hottestC = t;
        hottest = { lat: round6(frame.lat(y)), lon: round6(frame.lon(x)) };
      }
      if (t < o.thresholdC) continue;
      const half = ground.sizeM[i]! / 2;
      if (x - half < bounds.minX) bounds.minX = x - half;
      if (x + half > bounds.maxX) bounds.maxX = x + half;
      if (y - half < bounds.minY) bounds.minY = y - half;
      if (y + half > bounds.maxY) bounds.maxY = y + half;
      if (hotSizes.length < 10_000) hotSizes.push(2 * half);
    }
    placed.push(p);
  }
  const base: ThermalExtent = { thresholdC: o.thresholdC, polygon: [], areaM2: 0, hottestC: M.round(hottestC * 100) / 100, hottest, frames: placed.length, growthPctPerMin: null };
  if (hotSizes.length === 0) return base;
  hotSizes.sort((a, b) => a - b);
  const raster = paint(placed, bounds, hotSizes[hotSizes.length >> 1]!, o);
  const [polygon] = contourPolygons(raster, [0.5], frame);
  if (!polygon || polygon.length === 0) return base;
  return { ...base, polygon, areaM2: M.round(area(multiPolygon(polygon)) * 10) / 10 };
}

/**
 * Rasterises the frames over the hot pixels' bounds, newest frame first so each cell keeps its newest
 * look; a cell is 1 when that look was hot. The cell is the typical hot pixel's footprint, coarser
 * only when the bounds would need more than `maxCells` a side.
 */
function paint(frames: PlacedFrame[], b: { minX: number; minY: number; maxX: number; maxY: number }, typicalPixelM: number, o: Omit<ThermalExtentOptions, 'hfovDeg'>): GridField {
  const maxCells = o.maxCells ?? 300;
  const span = M.max(b.maxX - b.minX, b.maxY - b.minY);
  const cellM = M.max(0.25, typicalPixelM, span / (maxCells - 4));
  const x0 = b.minX - 2 * cellM;
  const y0 = b.minY - 2 * cellM;
  const nx = M.ceil((b.maxX - b.minX) / cellM) + 4;
  const ny = M.ceil((b.maxY - b.minY) / cellM) + 4;
  const values = new Float64Array(nx * ny);
  const seen = new Uint8Array(nx * ny);
  const x1 = x0 + nx * cellM;
  const y1 = y0 + ny * cellM;
  const order = [...frames].sort((a, c) => c.time - a.time);
  for (const f of order) {
    const { dx, dy, sizeM } = f.ground;
    for (let i = 0; i < f.temps.length; i++) {
      const gx = dx[i]!;
      if (gx !== gx) continue;
      const x = f.cx + gx;
      const y = f.cy + dy[i]!;
      const half = sizeM[i]! / 2;
      if (x + half < x0 || x - half > x1 || y + half < y0 || y - half > y1) continue;
      const hot = f.temps[i]! >= o.thresholdC ? 1 : 0;
      // Cells whose centre the footprint covers, and at least the cell under the pixel's centre.
      const ic = M.floor((x - x0) / cellM);
      const jc = M.floor((y - y0) / cellM);
      const i0 = M.max(0, M.min(ic, M.round((x - half - x0) / cellM)));
      const i1 = M.min(nx - 1, M.max(ic, M.round((x + half - x0) / cellM) - 1));
      const j0 = M.max(0, M.min(jc, M.round((y - half - y0) / cellM)));
      const j1 = M.min(ny - 1, M.max(jc, M.round((y + half - y0) / cellM) - 1));
      for (let j = j0; j <= j1; j++) {
        for (let k = i0 + j * nx, end = i1 + j * nx; k <= end; k++) {
          if (seen[k] === 0) {
            seen[k] = 1;
            values[k] = hot;
          }
        }
      }
    }
  }
  return { x0, y0, cellM, nx, ny, values };
}
