import type { SeriesSample } from '../live/series-buffer';
import type { EChartsOption } from './echarts-registry';
import { lineData } from './live-series.option';

export interface ThresholdMark {
  readonly key: string;
  readonly label: string;
  /** ppm */
  readonly value: number;
  readonly color: string;
}

export interface GasPanel {
  readonly cas: string;
  readonly name: string;
  /** ppm, device time. */
  readonly points: readonly SeriesSample[];
  readonly late: readonly SeriesSample[];
  readonly thresholds: readonly ThresholdMark[];
  /** Text after the newest value, e.g. the exposure level reached. */
  readonly status?: string;
}

export interface GasExposureData {
  readonly panels: readonly GasPanel[];
  readonly now: number;
}

export interface GasExposureConfig {
  readonly windowMs: number;
  readonly gapMs: number;
  readonly heightPx: number;
  /** Values below this are drawn at it (log axis; about the sensors' detection limit). */
  readonly floorPpm: number;
  readonly palette: readonly string[];
  readonly lateColor: string;
  readonly lateLabel: string;
  readonly textColor: string;
  readonly mutedColor: string;
  readonly emptyText: string;
  readonly unit: string;
  readonly formatTime: (t: number) => string;
  readonly formatValue: (v: number) => string;
}

const TITLE = 18;
const GAP = 8;
const BOTTOM = 24;

/** Grid tops and heights for `n` stacked compounds. */
export function gasPanelLayout(n: number, heightPx: number): { top: number; height: number }[] {
  const free = heightPx - BOTTOM - n * (TITLE + GAP);
  const height = Math.max(28, free / Math.max(1, n));
  return Array.from({ length: n }, (_, i) => ({ top: TITLE + i * (height + TITLE + GAP), height }));
}

/** Smallest decade at or above `v`, for the top of a log axis. */
export function decadeAbove(v: number): number {
  return 10 ** Math.ceil(Math.log10(Math.max(v, 1e-9)));
}

/**
 * Top of a compound's log axis: the data and the next two thresholds above it stay in view (the
 * ones the plume is heading for); thresholds further up would only squash the trace.
 */
export function axisTop(dataMax: number, thresholds: readonly number[]): number {
  const above = [...thresholds].filter((v) => v > dataMax).sort((a, b) => a - b);
  const reach = above[1] ?? above[0] ?? dataMax;
  return decadeAbove(Math.max(dataMax, reach) * 1.05);
}

/**
 * Concentration over time per compound, one log-scale grid each, with that compound's exposure
 * thresholds (OEL, AEGL-1/2/3, IDLH) as marked lines. A log axis keeps ppb traces and the IDLH on
 * the same grid; long series are LTTB-sampled.
 */
export function buildGasExposureOption(data: GasExposureData, config: GasExposureConfig): EChartsOption {
  const from = data.now - config.windowMs;
  const layout = gasPanelLayout(data.panels.length, config.heightPx);
  const grid: NonNullable<EChartsOption['grid']> = [];
  const xAxis: NonNullable<EChartsOption['xAxis']> = [];
  const yAxis: NonNullable<EChartsOption['yAxis']> = [];
  const title: NonNullable<EChartsOption['title']> = [];
  const series: NonNullable<EChartsOption['series']> = [];
  const clamp = (v: number) => Math.max(config.floorPpm, v);
  let empty = true;

  data.panels.forEach((panel, i) => {
    const { top, height } = layout[i]!;
    const last = i === data.panels.length - 1;
    const color = config.palette[i % config.palette.length] ?? config.textColor;
    const raw = lineData(panel.points, from, config.gapMs);
    const points = raw.map(([t, v]) => [t, v === null ? null : clamp(v)] as [number, number | null]);
    if (points.some(([, v]) => v !== null)) empty = false;
    const dataMax = points.reduce((m, [, v]) => (v !== null && v > m ? v : m), config.floorPpm);
    const axisMax = axisTop(dataMax, panel.thresholds.map((th) => th.value));
    const shown = panel.thresholds.filter((th) => th.value <= axisMax);
    const newest = raw.length > 0 ? raw[raw.length - 1]![1] : null;

    grid.push({ id: panel.cas, left: 54, right: 16, top, height });
    title.push({
      id: panel.cas,
      text: `${panel.name}  ${newest === null ? '' : `${config.formatValue(newest)} ${config.unit}`}${panel.status ? `  ${panel.status}` : ''}`,
      left: 8,
      top: top - TITLE + 2,
      padding: 0,
      textStyle: { fontSize: 12, fontWeight: 'normal', color: config.textColor },
    });
    xAxis.push({ type: 'time', gridIndex: i, min: from, max: data.now, axisLabel: { show: last, formatter: (v: number) => config.formatTime(v), hideOverlap: true }, axisTick: { show: last }, splitNumber: 5 });
    yAxis.push({
      type: 'log',
      gridIndex: i,
      logBase: 10,
      min: config.floorPpm,
      max: axisMax,
      splitNumber: 3,
      axisLabel: { formatter: (v: number) => config.formatValue(v), fontSize: 10 },
      minorSplitLine: { show: false },
    });
    series.push({
      id: `gas:${panel.cas}`,
      name: panel.name,
      type: 'line',
      xAxisIndex: i,
      yAxisIndex: i,
      data: points,
      showSymbol: false,
      sampling: 'lttb',
      connectNulls: false,
      color,
      lineStyle: { width: 1.5, color },
      emphasis: { disabled: true },
      animation: false,
      markLine: {
        silent: true,
        symbol: 'none',
        animation: false,
        data: shown.map((th, k) => ({
          name: th.label,
          yAxis: th.value,
          lineStyle: { color: th.color, type: 'dashed' as const, width: 1 },
          // Alternate sides so labels of close thresholds (one decade holds several) do not overlap.
          label: { show: true, position: k % 2 === 0 ? ('insideEndTop' as const) : ('insideStartTop' as const), color: th.color, fontSize: 10, formatter: `${th.label} ${config.formatValue(th.value)}` },
        })),
      },
    });
    series.push({
      id: `gas:${panel.cas}:late`,
      name: config.lateLabel,
      type: 'scatter',
      xAxisIndex: i,
      yAxisIndex: i,
      data: panel.late.filter((q) => q.t >= from).map((q) => [q.t, clamp(q.v)]),
      symbol: 'emptyCircle',
      symbolSize: 6,
      itemStyle: { color: config.lateColor, borderColor: config.lateColor },
      animation: false,
    });
  });

  return {
    animation: false,
    grid,
    xAxis,
    yAxis,
    title,
    series,
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? `${config.formatValue(v)} ${config.unit}` : '—') },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    graphic: [{ id: 'empty', type: 'text', left: 'center', top: 'middle', invisible: !empty, silent: true, style: { text: config.emptyText, fill: config.mutedColor, fontSize: 13 } }],
  };
}
