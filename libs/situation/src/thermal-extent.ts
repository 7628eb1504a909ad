import area from '@turf/area';
import { multiPolygon } from '@turf/helpers';
import type { LatLon, ThermalExtent } from '@tianyan/contracts';
import { contourPolygons } from './contour-polygons';
import type { GridField } from './idw-field';
import { LocalMetricFrame, round6 } from './local-metric-frame';
import { HOT_PIXEL_FIELDS, projectThermalFrame, reprojectThermalFrame, type ProjectedThermalFrame, type ThermalFrameInput } from './projected-thermal-frame';

export { projectThermalFrame, type ProjectedThermalFrame, type ThermalFrameInput } from './projected-thermal-frame';

/** Local alias: global lookups are much slower inside Jest's VM context, and this is a hot path. */
const M = Math;

export interface ThermalExtentOptions {
  thresholdC: number;
  hfovDeg: number;
  /** Largest raster side in cells. */
  maxCells?: number;
}

interface PlacedFrame extends ProjectedThermalFrame {
  /** Camera ground point, local metres. */
  cx: number;
  cy: number;
}

const EMPTY = new Float32Array(0);

/** Slack on a frame's reach when deciding it lies off the raster (its pixels' positions are summed in another order). */
const REACH_SLACK_M = 1e-3;

/**
 * Hot area above the threshold from the frames in the window: every pixel is projected to flat
 * ground and painted into one raster over the hot pixels' bounds, where the newest look at a cell
 * decides whether it is hot (a patch that cooled stops counting; overlapping frames are not counted
 * twice). The raster's hot cells are outlined with d3-contour and measured with turf. Growth needs
 * history and is left null (PlumeTracker fills it).
 */
export function computeThermalExtent(frames: readonly ThermalFrameInput[], o: ThermalExtentOptions): ThermalExtent | null {
  return thermalExtentOfProjected(
    frames.flatMap((f) => projectThermalFrame(f, o.hfovDeg, o.thresholdC) ?? []),
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
    if (f.thresholdC !== o.thresholdC) throw new Error(`thermal frame reduced at ${f.thresholdC} °C, extent asked at ${o.thresholdC} °C`);
    const p: PlacedFrame = { ...f, cx: frame.x(f.lon), cy: frame.y(f.lat) };
    if (f.hottest && f.hottest.tempC > hottestC) {
      hottestC = f.hottest.tempC;
      hottest = { lat: round6(frame.lat(p.cy + f.hottest.dy)), lon: round6(frame.lon(p.cx + f.hottest.dx)) };
    }
    const hot = f.hot ?? EMPTY;
    for (let k = 0; k < hot.length; k += HOT_PIXEL_FIELDS) {
      const x = p.cx + hot[k + 1]!;
      const y = p.cy + hot[k + 2]!;
      const half = hot[k + 3]! / 2;
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
  // Cold pixels only matter where a hot look of their own frame or of an older one would paint.
  let lastWithHot = -1;
  order.forEach((f, k) => {
    if (f.hot) lastWithHot = k;
  });
  const cell = (x: number, y: number, half: number, hot: number) => {
    if (x + half < x0 || x - half > x1 || y + half < y0 || y - half > y1) return;
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
  };
  order.forEach((f, k) => {
    const { reach } = f;
    const hot = f.hot ?? EMPTY;
    const onRaster = f.cx + reach.maxX >= x0 - REACH_SLACK_M && f.cx + reach.minX <= x1 + REACH_SLACK_M && f.cy + reach.maxY >= y0 - REACH_SLACK_M && f.cy + reach.minY <= y1 + REACH_SLACK_M;
    if (f.camera && k <= lastWithHot && onRaster) {
      // Every pixel again, in pixel order: cold ones are projected anew, hot ones read back.
      const { dx, dy, sizeM } = reprojectThermalFrame(f.camera);
      for (let i = 0, h = 0, n = f.camera.w * f.camera.h; i < n; i++) {
        const gx = dx[i]!;
        if (gx !== gx) continue;
        let isHot = false;
        if (h < hot.length && hot[h] === i) {
          isHot = hot[h + 4]! >= o.thresholdC;
          h += HOT_PIXEL_FIELDS;
        }
        cell(f.cx + gx, f.cy + dy[i]!, sizeM[i]! / 2, isHot ? 1 : 0);
      }
      return;
    }
    for (let h = 0; h < hot.length; h += HOT_PIXEL_FIELDS) cell(f.cx + hot[h + 1]!, f.cy + hot[h + 2]!, hot[h + 3]! / 2, hot[h + 4]! >= o.thresholdC ? 1 : 0);
  });
  return { x0, y0, cellM, nx, ny, values };
}
