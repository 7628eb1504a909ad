import type { HistogramBin } from '../domain/histogram';
import type { EChartsOption } from './echarts-registry';

export interface DistributionLimit {
  readonly value: number;
  readonly label: string;
  readonly color: string;
  /** A limit that fails the vehicle is solid; a reference limit dashed. */
  readonly binding: boolean;
}

export interface DistributionData {
  readonly title: string;
  readonly unit: string;
  readonly bins: readonly HistogramBin[];
  readonly limits: readonly DistributionLimit[];
  /** A pass band (urea) shaded. */
  readonly band?: { readonly from: number; readonly to: number; readonly label: string } | undefined;
  /** Count of values in the histogram, for the title. */
  readonly count: number;
}

export interface DistributionConfig {
  readonly barColor: string;
  readonly failColor: string;
  readonly bandColor: string;
  readonly textColor: string;
  readonly mutedColor: string;
  readonly countLabel: (n: number) => string;
  readonly formatValue: (v: number) => string;
}

/** True when a bin lies entirely outside what passes (beyond a binding limit, or outside the band). */
export function binFails(bin: HistogramBin, data: Pick<DistributionData, 'limits' | 'band'>): boolean {
  if (data.band) return bin.to <= data.band.from || bin.from >= data.band.to;
  const binding = data.limits.filter((l) => l.binding).map((l) => l.value);
  return binding.length > 0 && bin.from >= Math.min(...binding);
}

/** A histogram of one inspection measurement with its GB 3847-2018 limits (or the urea band) marked. */
export function buildDistributionOption(data: DistributionData, config: DistributionConfig): EChartsOption {
  const first = data.bins[0];
  const lastBin = data.bins[data.bins.length - 1];
  const min = first?.from ?? 0;
  const max = lastBin?.to ?? 1;
  return {
    animation: false,
    title: { text: `${data.title} (${data.unit})`, subtext: config.countLabel(data.count), left: 6, top: 0, itemGap: 2, textStyle: { fontSize: 12, fontWeight: 'normal', color: config.textColor }, subtextStyle: { fontSize: 10, color: config.mutedColor } },
    grid: { left: 34, right: 10, top: 40, bottom: 22 },
    xAxis: { type: 'value', min, max, splitNumber: 4, splitLine: { show: false }, axisLabel: { fontSize: 10, formatter: (v: number) => config.formatValue(v) } },
    yAxis: { type: 'value', minInterval: 1, splitNumber: 2, axisLabel: { fontSize: 10 } },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const v = (p as { value?: number[] }).value;
        const bin = v ? data.bins.find((b) => (b.from + b.to) / 2 === v[0]) : undefined;
        return bin ? `${config.formatValue(bin.from)}–${config.formatValue(bin.to)} ${data.unit}: ${bin.count}` : '';
      },
    },
    series: [
      {
        id: 'bins',
        type: 'bar',
        barCategoryGap: '8%',
        barWidth: '90%',
        data: data.bins.map((b) => ({ value: [(b.from + b.to) / 2, b.count], itemStyle: { color: binFails(b, data) ? config.failColor : config.barColor } })),
        markLine: {
          silent: true,
          symbol: 'none',
          animation: false,
          data: data.limits.map((l) => ({
            xAxis: l.value,
            lineStyle: { color: l.color, type: l.binding ? ('solid' as const) : ('dashed' as const), width: 1.2 },
            label: { show: true, position: 'insideEndTop' as const, color: l.color, fontSize: 10, formatter: l.label },
          })),
        },
        markArea: data.band
          ? { silent: true, itemStyle: { color: config.bandColor }, label: { show: true, position: 'insideTop', color: config.mutedColor, fontSize: 10 }, data: [[{ xAxis: data.band.from, name: data.band.label }, { xAxis: data.band.to }]] }
          : undefined,
        animation: false,
      },
    ],
  };
}
