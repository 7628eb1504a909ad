import { axisTop, buildGasExposureOption, decadeAbove, gasPanelLayout, type GasExposureConfig, type GasExposureData } from './gas-exposure.option';

const config: GasExposureConfig = {
  windowMs: 600_000, gapMs: 30_000, heightPx: 400, floorPpm: 0.01, palette: ['c0', 'c1'], lateColor: 'violet', lateLabel: 'late',
  textColor: 'text', mutedColor: 'muted', emptyText: 'empty', unit: 'ppm', formatTime: String, formatValue: (v) => v.toFixed(2),
};
const now = 1_000_000;
const data: GasExposureData = {
  now,
  panels: [
    {
      cas: '7783-06-4', name: 'H2S',
      points: [{ t: now - 3000, v: 0.2 }, { t: now - 2000, v: 0 }, { t: now - 1000, v: 31 }],
      late: [{ t: now - 5000, v: 1 }],
      thresholds: [{ key: 'aegl1', label: 'AEGL-1', value: 0.51, color: 'y' }, { key: 'idlh', label: 'IDLH', value: 100, color: 'r' }],
    },
    { cas: '71-43-2', name: 'Benzene', points: [], late: [], thresholds: [{ key: 'idlh', label: 'IDLH', value: 500, color: 'r' }] },
  ],
};
type AnyRecord = Record<string, unknown>;

describe('buildGasExposureOption', () => {
  it('stacks one log-scale grid per compound', () => {
    const o = buildGasExposureOption(data, config);
    expect((o.grid as unknown[]).length).toBe(2);
    expect((o.yAxis as AnyRecord[]).map((y) => [y.type, y.min, y.max])).toEqual([['log', 0.01, 1000], ['log', 0.01, 1000]]);
    expect(axisTop(0.2, [0.51, 7.2, 27, 50, 100])).toBe(10); // data and the next two thresholds
    expect(axisTop(30, [0.51, 7.2, 27, 50, 100])).toBe(1000);
    expect(axisTop(0.2, [])).toBe(1);
    expect(gasPanelLayout(2, 400).map((l) => Math.round(l.height))).toEqual([162, 162]);
    expect(decadeAbove(105)).toBe(1000);
  });

  it('hides thresholds far above the trace', () => {
    const low = { ...data.panels[0]!, points: [{ t: now - 1000, v: 0.05 }], thresholds: [0.51, 7.2, 27, 100].map((value, i) => ({ key: String(i), label: String(i), value, color: 'c' })) };
    const s = (buildGasExposureOption({ now, panels: [low] }, config).series as AnyRecord[])[0]!;
    expect((s.markLine as { data: AnyRecord[] }).data.map((m) => m.yAxis)).toEqual([0.51, 7.2]);
  });

  it('marks each compound\'s thresholds as lines with their labels', () => {
    const h2s = (buildGasExposureOption(data, config).series as AnyRecord[]).find((s) => s.id === 'gas:7783-06-4')!;
    const marks = (h2s.markLine as { data: AnyRecord[] }).data;
    expect(marks.map((m) => [m.name, m.yAxis])).toEqual([['AEGL-1', 0.51], ['IDLH', 100]]);
    expect((marks[1]!.label as AnyRecord).formatter).toBe('IDLH 100.00');
    expect((marks[0]!.label as AnyRecord).position).not.toBe((marks[1]!.label as AnyRecord).position);
  });

  it('clamps zero to the floor for the log axis, samples long series, keeps late points apart', () => {
    const series = buildGasExposureOption(data, config).series as AnyRecord[];
    const h2s = series.find((s) => s.id === 'gas:7783-06-4')!;
    expect(h2s.data).toEqual([[now - 3000, 0.2], [now - 2000, 0.01], [now - 1000, 31]]);
    expect(h2s.sampling).toBe('lttb');
    expect(series.find((s) => s.id === 'gas:7783-06-4:late')!.data).toEqual([[now - 5000, 1]]);
  });

  it('puts the newest value in the panel title and shows the empty text when nothing is held', () => {
    const o = buildGasExposureOption(data, config);
    expect((o.title as AnyRecord[])[0]!.text).toBe('H2S  31.00 ppm');
    const withStatus = buildGasExposureOption({ now, panels: [{ ...data.panels[0]!, status: '≥ AEGL-2' }] }, config);
    expect((withStatus.title as AnyRecord[])[0]!.text).toBe('H2S  31.00 ppm  ≥ AEGL-2');
    expect((o.graphic as AnyRecord[])[0]!.invisible).toBe(true);
    const empty = buildGasExposureOption({ now, panels: [data.panels[1]!] }, config);
    expect((empty.graphic as AnyRecord[])[0]!.invisible).toBe(false);
  });
});
