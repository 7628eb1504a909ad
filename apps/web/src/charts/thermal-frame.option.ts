import type { ThermalGrid } from '../domain/thermal-frame';
import type { EChartsOption } from './echarts-registry';

export interface ThermalFrameData {
  readonly grid: ThermalGrid | null;
  /** Hotspot pixel and temperature as the drone reported it. */
  readonly hotspot: { readonly x: number; readonly y: number; readonly tempC: number } | null;
}

export interface ThermalFrameConfig {
  /** Cold → hot ramp. */
  readonly ramp: readonly string[];
  readonly textColor: string;
  readonly mutedColor: string;
  readonly hotspotColor: string;
  readonly emptyText: string;
  readonly hotspotLabel: string;
  readonly formatTemp: (c: number) => string;
  /** Size of the chart element: the frame is laid out with square pixels, centred. */
  readonly widthPx: number;
  readonly heightPx: number;
}

const SCALE_W = 64;
const PAD = 6;

/** The frame's grid box: square pixels, as large as fits beside the colour scale, centred. */
export function thermalGridBox(w: number, h: number, widthPx: number, heightPx: number): { left: number; top: number; width: number; height: number } {
  const availW = Math.max(10, widthPx - SCALE_W - 2 * PAD);
  const availH = Math.max(10, heightPx - 2 * PAD);
  const cell = Math.min(availW / w, availH / h);
  const width = cell * w;
  const height = cell * h;
  return { left: PAD + (availW - width) / 2, top: PAD + (availH - height) / 2, width, height };
}

/** Heatmap cells `[x, y, °C]`, row 0 at the top. */
export function thermalCells(grid: ThermalGrid): [number, number, number][] {
  const out = new Array<[number, number, number]>(grid.w * grid.h);
  for (let y = 0; y < grid.h; y++) for (let x = 0; x < grid.w; x++) out[y * grid.w + x] = [x, y, Math.round(grid.values[y * grid.w + x]! * 10) / 10];
  return out;
}

/** The newest radiometric frame as a heatmap, pixel-square, with the hotspot ringed and labelled. */
export function buildThermalFrameOption(data: ThermalFrameData, config: ThermalFrameConfig): EChartsOption {
  const grid = data.grid;
  const w = grid?.w ?? 1;
  const h = grid?.h ?? 1;
  const axis = (n: number) => ({ type: 'category' as const, data: Array.from({ length: n }, (_, i) => i), show: false, boundaryGap: true });
  const min = grid ? Math.floor(grid.min) : 0;
  const max = grid ? Math.ceil(Math.max(grid.max, grid.min + 1)) : 1;
  return {
    animation: false,
    grid: { ...thermalGridBox(w, h, config.widthPx, config.heightPx), containLabel: false },
    xAxis: axis(w),
    yAxis: { ...axis(h), inverse: true },
    visualMap: {
      type: 'continuous',
      min,
      max,
      dimension: 2,
      seriesIndex: 0,
      calculable: false,
      orient: 'vertical',
      right: 8,
      top: 'middle',
      itemWidth: 10,
      itemHeight: 120,
      precision: 0,
      text: [config.formatTemp(max), config.formatTemp(min)],
      textStyle: { color: config.mutedColor, fontSize: 10 },
      inRange: { color: [...config.ramp] },
      show: grid !== null,
    },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const v = (p as { value?: unknown[] }).value;
        return Array.isArray(v) ? `(${String(v[0])}, ${String(v[1])}) ${config.formatTemp(Number(v[2]))}` : '';
      },
    },
    series: [
      { id: 'frame', type: 'heatmap', data: grid ? thermalCells(grid) : [], progressive: 0, emphasis: { disabled: true }, animation: false },
      {
        id: 'hotspot',
        type: 'scatter',
        silent: true,
        z: 5,
        symbol: 'circle',
        symbolSize: 16,
        itemStyle: { color: 'rgba(0,0,0,0)', borderColor: config.hotspotColor, borderWidth: 2 },
        label: {
          show: true,
          position: 'right',
          color: config.hotspotColor,
          fontWeight: 'bold',
          fontSize: 12,
          textBorderColor: '#000',
          textBorderWidth: 2,
          formatter: () => (data.hotspot ? `${config.hotspotLabel} ${config.formatTemp(data.hotspot.tempC)}` : ''),
        },
        data: grid && data.hotspot && data.hotspot.x < w && data.hotspot.y < h ? [[data.hotspot.x, data.hotspot.y]] : [],
      },
    ],
    graphic: [{ id: 'empty', type: 'text', left: 'center', top: 'middle', invisible: grid !== null, silent: true, style: { text: config.emptyText, fill: config.mutedColor, fontSize: 13 } }],
  };
}
