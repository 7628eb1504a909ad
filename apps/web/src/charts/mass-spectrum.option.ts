import type { EChartsOption } from './echarts-registry';

export interface MassSpectrumData {
  /** [m/z, relative intensity 0–100] */
  readonly ions: readonly (readonly [number, number])[];
  readonly title: string;
}

export interface MassSpectrumConfig {
  readonly color: string;
  readonly textColor: string;
  readonly mutedColor: string;
  readonly emptyText: string;
  readonly mzLabel: string;
  readonly intensityLabel: string;
}

/** A stick spectrum of the selected identification's top ions, base peak labelled. */
export function buildMassSpectrumOption(data: MassSpectrumData, config: MassSpectrumConfig): EChartsOption {
  const ions = [...data.ions].sort((a, b) => a[0] - b[0]);
  const maxMz = ions.reduce((m, [mz]) => Math.max(m, mz), 0);
  const base = ions.reduce<readonly [number, number] | null>((b, ion) => (!b || ion[1] > b[1] ? ion : b), null);
  return {
    animation: false,
    title: { text: data.title, right: 10, top: 0, textStyle: { fontSize: 12, fontWeight: 'normal', color: config.textColor } },
    grid: { left: 44, right: 14, top: 26, bottom: 30 },
    xAxis: { type: 'value', min: 0, max: Math.max(50, Math.ceil((maxMz + 10) / 10) * 10), name: config.mzLabel, nameLocation: 'end', nameGap: 4, nameTextStyle: { color: config.mutedColor, fontSize: 10, padding: [22, 0, 0, 0] }, splitLine: { show: false }, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value', min: 0, max: 100, name: config.intensityLabel, nameTextStyle: { color: config.mutedColor, fontSize: 10 }, splitNumber: 2, axisLabel: { fontSize: 10 } },
    tooltip: { trigger: 'item', formatter: (p: unknown) => { const v = (p as { value?: number[] }).value; return v ? `m/z ${v[0]} · ${v[1]}%` : ''; } },
    series: [
      {
        id: 'ions',
        type: 'bar',
        barWidth: 3,
        data: ions.map(([mz, i]) => ({
          value: [mz, i],
          label: base && mz === base[0] ? { show: true, position: 'top' as const, formatter: String(mz), color: config.textColor, fontSize: 11 } : { show: i >= 25, position: 'top' as const, formatter: String(mz), color: config.mutedColor, fontSize: 10 },
        })),
        itemStyle: { color: config.color },
        animation: false,
      },
    ],
    graphic: [{ id: 'empty', type: 'text', left: 'center', top: 'middle', invisible: ions.length > 0, silent: true, style: { text: config.emptyText, fill: config.mutedColor, fontSize: 12 } }],
  };
}
