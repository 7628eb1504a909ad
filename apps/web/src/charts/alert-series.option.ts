import { alertLevelRank, type AlertLevel } from '@tianyan/contracts';
import type { EChartsOption } from './echarts-registry';
import { decadeAbove } from './gas-exposure.option';

export interface AlertSeriesPoint {
  readonly t: number;
  readonly v: number | null;
}

export interface AlertSeriesReading {
  readonly t: number;
  readonly v: number | null;
  readonly level: AlertLevel | null;
}

export interface AlertSeriesData {
  /** The series around the alert (device time), nulls where the device was silent. */
  readonly points: readonly AlertSeriesPoint[];
  /** The readings linked to the alert: marked points in the colour they reached. */
  readonly readings: readonly AlertSeriesReading[];
  readonly limits: readonly { readonly level: AlertLevel; readonly value: number }[];
  readonly from: number;
  readonly to: number;
  /** Device time of the first and latest triggering readings: shaded. */
  readonly span: { readonly from: number; readonly to: number };
  readonly level: AlertLevel;
  readonly direction: 'above' | 'below';
  readonly log: boolean;
}

export interface AlertSeriesConfig {
  readonly levelColors: Readonly<Record<AlertLevel, string>>;
  readonly levelLabels: Readonly<Record<AlertLevel, string>>;
  readonly lineColor: string;
  readonly textColor: string;
  readonly mutedColor: string;
  /** Split lines (the theme styles value and time axes, not log axes). */
  readonly gridColor: string;
  readonly name: string;
  readonly unit: string;
  readonly emptyText: string;
  readonly formatTime: (t: number) => string;
  readonly formatValue: (v: number) => string;
}

/** Limits at the same value (a colour that "starts with" the next) are one line, in the higher colour. */
export function mergeLimits(limits: AlertSeriesData['limits']): { value: number; levels: AlertLevel[] }[] {
  const byValue = new Map<number, AlertLevel[]>();
  for (const l of limits) byValue.set(l.value, [...(byValue.get(l.value) ?? []), l.level]);
  return [...byValue.entries()]
    .map(([value, levels]) => ({ value, levels: levels.sort((a, b) => alertLevelRank(a) - alertLevelRank(b)) }))
    .sort((a, b) => a.value - b.value);
}

/**
 * Which limits stay in view: for rising rules every limit up to the first one above the data (the
 * colour the value was heading for); limits far above would squash the trace. Falling rules (a
 * battery) show them all.
 */
export function visibleLimits<T extends { value: number }>(limits: readonly T[], dataMax: number, direction: 'above' | 'below'): T[] {
  if (direction === 'below') return [...limits];
  const sorted = [...limits].sort((a, b) => a.value - b.value);
  const firstAbove = sorted.findIndex((l) => l.value > dataMax);
  return firstAbove < 0 ? sorted : sorted.slice(0, firstAbove + 1);
}

/**
 * The readings behind an alert: the series around it, the linked readings as points in their colour,
 * the rule's colour limits as dashed lines, the span of the triggering readings shaded in the alert
 * colour. Concentrations go on a log axis (values at or below zero drawn at its floor).
 */
export function buildAlertSeriesOption(data: AlertSeriesData, config: AlertSeriesConfig): EChartsOption {
  const values = [...data.points.map((p) => p.v), ...data.readings.map((r) => r.v)].filter((v): v is number => v !== null && Number.isFinite(v));
  const dataMax = values.length > 0 ? Math.max(...values) : 0;
  const merged = mergeLimits(data.limits);
  const shown = visibleLimits(merged, dataMax, data.direction);
  const top = Math.max(dataMax, ...shown.map((l) => l.value));
  const positives = [...values, ...shown.map((l) => l.value)].filter((v) => v > 0);
  const floor = data.log ? 10 ** Math.floor(Math.log10(Math.max(1e-6, positives.length > 0 ? Math.min(...positives) : 0.01))) : 0;
  const clamp = (v: number | null) => (v === null || !data.log ? v : Math.max(floor, v));
  const empty = data.points.every((p) => p.v === null) && data.readings.length === 0;
  const spanColor = config.levelColors[data.level];

  return {
    animation: false,
    grid: { left: 56, right: 18, top: 18, bottom: 26 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? `${config.formatValue(v)} ${config.unit}`.trim() : '—') },
    xAxis: { type: 'time', min: data.from, max: data.to, axisLabel: { formatter: (v: number) => config.formatTime(v), hideOverlap: true }, splitNumber: 6 },
    yAxis: {
      ...(data.log
        ? { type: 'log' as const, logBase: 10, min: floor, max: decadeAbove(top * 1.05), minorSplitLine: { show: false } }
        : { type: 'value' as const, min: data.direction === 'below' ? 0 : Math.min(0, ...values), max: top > 0 ? Number((top * 1.1).toPrecision(3)) : 1 }),
      axisLabel: { formatter: (v: number) => config.formatValue(v), fontSize: 10, color: config.mutedColor },
      axisLine: { show: false },
      splitLine: { lineStyle: { color: config.gridColor } },
    },
    series: [
      {
        id: 'series',
        name: config.name,
        type: 'line',
        data: data.points.map((p) => [p.t, clamp(p.v)]),
        showSymbol: false,
        connectNulls: false,
        sampling: 'lttb',
        color: config.lineColor,
        lineStyle: { width: 1.5, color: config.lineColor },
        emphasis: { disabled: true },
        markArea: {
          silent: true,
          itemStyle: { color: spanColor, opacity: 0.1 },
          data: [[{ xAxis: data.span.from }, { xAxis: Math.max(data.span.to, data.span.from + 1) }]],
        },
        markLine: {
          silent: true,
          symbol: 'none',
          animation: false,
          data: shown.map((l, k) => {
            const color = config.levelColors[l.levels[l.levels.length - 1]!];
            const label = l.levels.map((lv) => config.levelLabels[lv]).join('/');
            return {
              name: label,
              yAxis: l.value,
              lineStyle: { color, type: 'dashed' as const, width: 1.2 },
              label: { show: true, position: k % 2 === 0 ? ('insideEndTop' as const) : ('insideStartTop' as const), color, fontSize: 10, formatter: `${label} ${config.formatValue(l.value)}` },
            };
          }),
        },
      },
      {
        id: 'readings',
        name: config.name,
        type: 'scatter',
        z: 5,
        symbol: 'diamond',
        symbolSize: 10,
        data: data.readings
          .filter((r) => r.v !== null)
          .map((r) => ({ value: [r.t, clamp(r.v)], itemStyle: { color: r.level ? config.levelColors[r.level] : config.mutedColor, borderColor: '#061018', borderWidth: 1 } })),
      },
    ],
    graphic: [{ id: 'empty', type: 'text', left: 'center', top: 'middle', invisible: !empty, silent: true, style: { text: config.emptyText, fill: config.mutedColor, fontSize: 13 } }],
  };
}
