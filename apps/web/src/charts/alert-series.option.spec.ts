import { buildAlertSeriesOption, mergeLimits, visibleLimits, type AlertSeriesConfig, type AlertSeriesData } from './alert-series.option';

const config: AlertSeriesConfig = {
  levelColors: { blue: 'B', yellow: 'Y', orange: 'O', red: 'R' },
  levelLabels: { blue: 'blue', yellow: 'yellow', orange: 'orange', red: 'red' },
  lineColor: 'line', textColor: 'text', mutedColor: 'muted', gridColor: 'grid', name: 'H2S', unit: 'ppm', emptyText: 'no data',
  formatTime: String, formatValue: (v) => String(v),
};
const data: AlertSeriesData = {
  points: [{ t: 100, v: 0.2 }, { t: 200, v: 0 }, { t: 300, v: null }, { t: 400, v: 30 }],
  readings: [{ t: 400, v: 30, level: 'orange' }, { t: 500, v: null, level: 'red' }],
  limits: [{ level: 'blue', value: 0.51 }, { level: 'yellow', value: 0.51 }, { level: 'orange', value: 27 }, { level: 'red', value: 50 }],
  from: 0, to: 1000, span: { from: 350, to: 450 }, level: 'orange', direction: 'above', log: true,
};
type AnyRecord = Record<string, unknown>;
const series = (o: ReturnType<typeof buildAlertSeriesOption>) => o.series as AnyRecord[];

describe('mergeLimits / visibleLimits', () => {
  it('merges colours that start at the same value, the higher colour last', () => {
    expect(mergeLimits(data.limits)).toEqual([{ value: 0.51, levels: ['blue', 'yellow'] }, { value: 27, levels: ['orange'] }, { value: 50, levels: ['red'] }]);
  });

  it('keeps limits up to the first above the data; all of them for falling rules', () => {
    const l = [{ value: 1 }, { value: 10 }, { value: 100 }];
    expect(visibleLimits(l, 5, 'above')).toEqual([{ value: 1 }, { value: 10 }]);
    expect(visibleLimits(l, 500, 'above')).toEqual(l);
    expect(visibleLimits(l, 0, 'below')).toEqual(l);
  });
});

describe('buildAlertSeriesOption', () => {
  it('draws the window on a time axis and concentrations on a log axis, zero at the floor', () => {
    const o = buildAlertSeriesOption(data, config);
    expect(o.xAxis).toMatchObject({ type: 'time', min: 0, max: 1000 });
    expect(o.yAxis).toMatchObject({ type: 'log', min: 0.1, max: 100, splitLine: { lineStyle: { color: 'grid' } } });
    expect(series(o)[0]!.data).toEqual([[100, 0.2], [200, 0.1], [300, null], [400, 30]]);
  });

  it('marks the rule\'s colour limits as dashed lines in their colour, merged where they coincide', () => {
    const marks = (series(buildAlertSeriesOption(data, config))[0]!.markLine as { data: AnyRecord[] }).data;
    expect(marks.map((m) => [m.name, m.yAxis, (m.lineStyle as AnyRecord).color])).toEqual([['blue/yellow', 0.51, 'Y'], ['orange', 27, 'O'], ['red', 50, 'R']]);
    expect((marks[1]!.label as AnyRecord).formatter).toBe('orange 27');
  });

  it('hides limits far above a low trace', () => {
    const low = { ...data, points: [{ t: 100, v: 0.6 }], readings: [{ t: 100, v: 0.6, level: 'yellow' as const }] };
    const marks = (series(buildAlertSeriesOption(low, config))[0]!.markLine as { data: AnyRecord[] }).data;
    expect(marks.map((m) => m.yAxis)).toEqual([0.51, 27]);
  });

  it('marks the linked readings in the colour they reached and shades the triggering span', () => {
    const o = buildAlertSeriesOption(data, config);
    expect(series(o)[1]!.data).toEqual([{ value: [400, 30], itemStyle: { color: 'O', borderColor: '#061018', borderWidth: 1 } }]);
    expect((series(o)[0]!.markArea as { data: unknown[] }).data).toEqual([[{ xAxis: 350 }, { xAxis: 450 }]]);
  });

  it('uses a linear axis from zero for falling rules and shows the empty text without data', () => {
    const battery = buildAlertSeriesOption({ ...data, log: false, direction: 'below', limits: [{ level: 'yellow', value: 30 }, { level: 'red', value: 10 }], points: [{ t: 1, v: 25 }], readings: [] }, config);
    expect(battery.yAxis).toMatchObject({ type: 'value', min: 0, max: 33 });
    expect((battery.graphic as AnyRecord[])[0]!.invisible).toBe(true);
    const empty = buildAlertSeriesOption({ ...data, points: [], readings: [] }, config);
    expect((empty.graphic as AnyRecord[])[0]!.invisible).toBe(false);
  });
});
