import type { SeriesSample } from '../live/series-buffer';
import type { EChartsOption } from './echarts-registry';

export interface LiveChartSeries {
  readonly key: string;
  readonly name: string;
  /** In-time samples, device-time order. */
  readonly points: readonly SeriesSample[];
  /** Store-and-forward samples: drawn hollow, apart from the line. */
  readonly late: readonly SeriesSample[];
}

export interface LiveChartPanel {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly min?: number;
  readonly max?: number;
  readonly series: readonly LiveChartSeries[];
}

export interface LiveChartData {
  readonly panels: readonly LiveChartPanel[];
  /** Right edge of the time window, epoch ms. */
  readonly now: number;
}

export interface LiveChartConfig {
  readonly windowMs: number;
  /** A silence longer than this breaks the line instead of bridging it. */
  readonly gapMs: number;
  readonly palette: readonly string[];
  readonly lateColor: string;
  readonly lateLabel: string;
  readonly emptyText: string;
  readonly textColor: string;
  readonly mutedColor: string;
  readonly formatTime: (t: number) => string;
  readonly formatValue: (v: number) => string;
  /** Height of the chart element in px: panels are laid out in pixels so titles never collide. */
  readonly heightPx: number;
}

type Pair = [number, number | null];

/** Line data for one series: points inside the window, with a null where the device went silent. */
export function lineData(points: readonly SeriesSample[], from: number, gapMs: number): Pair[] {
  const out: Pair[] = [];
  let prev: SeriesSample | undefined;
  for (const p of points) {
    if (p.t < from) {
      prev = p;
      continue;
    }
    if (prev && p.t - prev.t > gapMs) out.push([prev.t + 1, null]);
    else if (prev && prev.t < from && out.length === 0) out.push([prev.t, prev.v]); // enter the window from its left edge
    out.push([p.t, p.v]);
    prev = p;
  }
  return out;
}

export function countPoints(data: LiveChartData, windowMs: number): number {
  const from = data.now - windowMs;
  let n = 0;
  for (const panel of data.panels) {
    for (const s of panel.series) {
      for (const p of s.points) if (p.t >= from) n++;
      for (const p of s.late) if (p.t >= from) n++;
    }
  }
  return n;
}

/** Vertical layout in px: legend row, a title row above each grid, time labels at the bottom. */
export const LAYOUT = { legend: 22, top: 6, title: 20, gap: 10, bottom: 26, minGrid: 24 } as const;

export function panelTops(count: number, heightPx: number, withLegend: boolean): { top: number; height: number }[] {
  const top0 = (withLegend ? LAYOUT.legend : LAYOUT.top) + LAYOUT.title;
  const free = heightPx - top0 - LAYOUT.bottom - (count - 1) * (LAYOUT.title + LAYOUT.gap);
  const height = Math.max(LAYOUT.minGrid, free / Math.max(1, count));
  return Array.from({ length: count }, (_, i) => ({ top: top0 + i * (height + LAYOUT.title + LAYOUT.gap), height }));
}

/**
 * The selected device's live chart: one grid per panel (metrics sharing a unit), stacked over a
 * shared sliding time window. Late samples are hollow markers of their own series and legend entry.
 */
export function buildLiveSeriesOption(data: LiveChartData, config: LiveChartConfig): EChartsOption {
  const from = data.now - config.windowMs;
  const multiSeries = data.panels.some((p) => p.series.length > 1);
  const anyLate = data.panels.some((p) => p.series.some((s) => s.late.some((q) => q.t >= from)));
  const layout = panelTops(data.panels.length, config.heightPx, multiSeries || anyLate);
  const empty = countPoints(data, config.windowMs) === 0;

  const grid: NonNullable<EChartsOption['grid']> = [];
  const xAxis: NonNullable<EChartsOption['xAxis']> = [];
  const yAxis: NonNullable<EChartsOption['yAxis']> = [];
  const title: NonNullable<EChartsOption['title']> = [];
  const series: NonNullable<EChartsOption['series']> = [];
  let colorIndex = 0;

  data.panels.forEach((panel, i) => {
    const { top, height } = layout[i]!;
    const last = i === data.panels.length - 1;
    grid.push({ id: panel.id, left: 54, right: 64, top, height, containLabel: false });
    title.push({
      id: panel.id,
      text: panel.unit ? `${panel.title}  (${panel.unit})` : panel.title,
      left: 8,
      top: top - LAYOUT.title + 2,
      padding: 0,
      textStyle: { fontSize: 12, fontWeight: 'normal', color: config.mutedColor },
    });
    xAxis.push({
      type: 'time',
      gridIndex: i,
      min: from,
      max: data.now,
      axisLabel: { show: last, formatter: (v: number) => config.formatTime(v), hideOverlap: true },
      axisTick: { show: last },
      splitNumber: 5,
    });
    yAxis.push({
      type: 'value',
      gridIndex: i,
      scale: panel.min === undefined,
      ...(panel.min === undefined ? {} : { min: panel.min }),
      ...(panel.max === undefined ? {} : { max: panel.max }),
      splitNumber: 3,
      axisLabel: { formatter: (v: number) => config.formatValue(v) },
    });
    for (const s of panel.series) {
      const color = config.palette[colorIndex++ % config.palette.length] ?? config.textColor;
      const points = lineData(s.points, from, config.gapMs);
      series.push({
        id: `${panel.id}:${s.key}`,
        name: s.name,
        type: 'line',
        xAxisIndex: i,
        yAxisIndex: i,
        data: points,
        showSymbol: points.length <= 30,
        symbolSize: 5,
        connectNulls: false,
        color,
        lineStyle: { width: 1.6, color },
        areaStyle: panel.series.length === 1
          ? { color: { type: 'linear', x: 0, y: 0, x2: 0, y2: 1, colorStops: [{ offset: 0, color: `${color}40` }, { offset: 1, color: `${color}00` }] } }
          : undefined,
        endLabel: {
          show: points.length > 0,
          color,
          fontSize: 11,
          formatter: (p: { value?: unknown }) => {
            const v = Array.isArray(p.value) ? (p.value[1] as number | null) : null;
            return v === null || v === undefined ? '' : config.formatValue(v);
          },
        },
        emphasis: { disabled: true },
        animation: false,
      });
      series.push({
        id: `${panel.id}:${s.key}:late`,
        name: config.lateLabel,
        type: 'scatter',
        xAxisIndex: i,
        yAxisIndex: i,
        data: s.late.filter((q) => q.t >= from).map((q) => [q.t, q.v]),
        symbol: 'emptyCircle',
        symbolSize: 7,
        itemStyle: { color: config.lateColor, borderColor: config.lateColor, borderWidth: 1.5 },
        z: 5,
        animation: false,
      });
    }
  });

  const legendNames = [...(multiSeries ? data.panels.flatMap((p) => p.series.map((s) => s.name)) : []), ...(anyLate ? [config.lateLabel] : [])];

  return {
    animation: false,
    grid,
    xAxis,
    yAxis,
    title,
    series,
    legend: {
      show: legendNames.length > 0,
      data: legendNames,
      top: 0,
      right: 8,
      itemWidth: 14,
      itemHeight: 8,
      textStyle: { color: config.textColor, fontSize: 11 },
    },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'line', lineStyle: { color: config.mutedColor, type: 'dashed' } },
      valueFormatter: (v) => (typeof v === 'number' ? config.formatValue(v) : '—'),
    },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    graphic: [
      {
        id: 'empty',
        type: 'text',
        left: 'center',
        top: 'middle',
        invisible: !empty,
        silent: true,
        style: { text: config.emptyText, fill: config.mutedColor, fontSize: 14 },
      },
    ],
  };
}
