import { buildLiveSeriesOption, countPoints, lineData, panelTops, type LiveChartConfig, type LiveChartData } from './live-series.option';

const NOW = 1_750_000_600_000;
const WINDOW = 600_000;

const config: LiveChartConfig = {
  windowMs: WINDOW,
  gapMs: 30_000,
  palette: ['#111111', '#222222', '#333333'],
  lateColor: '#ff00ff',
  lateLabel: 'late',
  emptyText: 'no data',
  textColor: '#ffffff',
  mutedColor: '#888888',
  formatTime: (t) => `T${t}`,
  formatValue: (v) => v.toFixed(1),
  heightPx: 400,
};

function droneData(): LiveChartData {
  const pts = (v: number) => [{ t: NOW - 2000, v }, { t: NOW - 1000, v: v + 1 }];
  return {
    now: NOW,
    panels: [
      { id: 'altitude', title: 'Alt', unit: 'm', series: [{ key: 'relAltM', name: 'Alt', points: pts(80), late: [{ t: NOW - 90_000, v: 60 }] }] },
      { id: 'speed', title: 'Speed', unit: 'm/s', min: 0, series: [{ key: 'groundSpeedMs', name: 'Speed', points: pts(7), late: [] }] },
      { id: 'battery', title: 'Battery', unit: '%', min: 0, max: 100, series: [{ key: 'batteryPct', name: 'Battery', points: pts(70), late: [] }] },
    ],
  };
}

type AnyRecord = Record<string, unknown>;
const arr = (x: unknown): AnyRecord[] => x as AnyRecord[];

describe('buildLiveSeriesOption', () => {
  it('stacks one grid, axis pair and title per panel over the sliding window', () => {
    const o = buildLiveSeriesOption(droneData(), config);
    expect(arr(o.grid)).toHaveLength(3);
    expect(arr(o.xAxis).map((x) => [x.type, x.min, x.max, x.gridIndex])).toEqual([
      ['time', NOW - WINDOW, NOW, 0],
      ['time', NOW - WINDOW, NOW, 1],
      ['time', NOW - WINDOW, NOW, 2],
    ]);
    expect(arr(o.title).map((t) => t.text)).toEqual(['Alt  (m)', 'Speed  (m/s)', 'Battery  (%)']);
    const y = arr(o.yAxis);
    expect(y[2]).toMatchObject({ min: 0, max: 100, scale: false });
    expect(y[0]).toMatchObject({ scale: true });
    expect(y[0]).not.toHaveProperty('min');
  });

  it('lays panels out in pixels, a title row above each grid, within the height', () => {
    const o = buildLiveSeriesOption(droneData(), config);
    const grids = arr(o.grid) as { top: number; height: number }[];
    const titles = arr(o.title) as { top: number }[];
    grids.forEach((g, i) => {
      expect(titles[i]!.top).toBeLessThan(g.top);
      if (i > 0) expect(titles[i]!.top).toBeGreaterThan(grids[i - 1]!.top + grids[i - 1]!.height);
    });
    const lastGrid = grids[grids.length - 1]!;
    expect(lastGrid.top + lastGrid.height).toBeLessThanOrEqual(400 - 20);
    expect(panelTops(3, 400, true).map((p) => Math.round(p.height))).toEqual([91, 91, 91]);
  });

  it('shows time labels only on the bottom axis', () => {
    const labels = arr(buildLiveSeriesOption(droneData(), config).xAxis).map((x) => (x.axisLabel as AnyRecord).show);
    expect(labels).toEqual([false, false, true]);
  });

  it('draws in-time points as a line and late points as hollow markers of their own', () => {
    const series = arr(buildLiveSeriesOption(droneData(), config).series);
    const line = series.find((s) => s.id === 'altitude:relAltM')!;
    const late = series.find((s) => s.id === 'altitude:relAltM:late')!;
    expect(line).toMatchObject({ type: 'line', xAxisIndex: 0, yAxisIndex: 0, data: [[NOW - 2000, 80], [NOW - 1000, 81]] });
    expect(late).toMatchObject({ type: 'scatter', name: 'late', symbol: 'emptyCircle', data: [[NOW - 90_000, 60]] });
    expect((late.itemStyle as AnyRecord).borderColor).toBe('#ff00ff');
  });

  it('lists the late marker in the legend only when there are late points', () => {
    const withLate = buildLiveSeriesOption(droneData(), config).legend as AnyRecord;
    expect(withLate.data).toEqual(['late']);
    const data = droneData();
    const noLate = { ...data, panels: data.panels.map((p) => ({ ...p, series: p.series.map((s) => ({ ...s, late: [] })) })) };
    expect((buildLiveSeriesOption(noLate, config).legend as AnyRecord).show).toBe(false);
  });

  it('gives each compound of a gas panel its own colour and legend entry', () => {
    const o = buildLiveSeriesOption(
      {
        now: NOW,
        panels: [{
          id: 'gases', title: 'Gas', unit: 'ppm', min: 0,
          series: [
            { key: 'gas:7783-06-4', name: 'H2S', points: [{ t: NOW - 1, v: 3 }], late: [] },
            { key: 'gas:71-43-2', name: 'Benzene', points: [{ t: NOW - 1, v: 1 }], late: [] },
          ],
        }],
      },
      config,
    );
    const lines = arr(o.series).filter((s) => s.type === 'line');
    expect(lines.map((s) => [s.name, s.color])).toEqual([['H2S', '#111111'], ['Benzene', '#222222']]);
    expect((o.legend as AnyRecord).data).toEqual(['H2S', 'Benzene']);
  });

  it('shows the empty text only without points in the window', () => {
    const graphic = (o: ReturnType<typeof buildLiveSeriesOption>) => arr(o.graphic)[0]!;
    expect(graphic(buildLiveSeriesOption(droneData(), config)).invisible).toBe(true);
    const stale = { now: NOW, panels: [{ id: 'nox', title: 'NOx', unit: 'ppm', series: [{ key: 'noxPpm', name: 'NOx', points: [{ t: NOW - WINDOW - 1, v: 1 }], late: [] }] }] };
    expect(graphic(buildLiveSeriesOption(stale, config))).toMatchObject({ invisible: false, style: { text: 'no data' } });
    expect(graphic(buildLiveSeriesOption({ now: NOW, panels: [] }, config)).invisible).toBe(false);
  });

  it('counts the points inside the window, late ones included', () => {
    expect(countPoints(droneData(), WINDOW)).toBe(7);
  });
});

describe('lineData', () => {
  it('breaks the line where the device went silent longer than the gap', () => {
    const d = lineData([{ t: 0, v: 1 }, { t: 10, v: 2 }, { t: 100, v: 3 }], 0, 50);
    expect(d).toEqual([[0, 1], [10, 2], [11, null], [100, 3]]);
  });

  it('starts at the window edge with the last point before it', () => {
    const d = lineData([{ t: 0, v: 1 }, { t: 5, v: 2 }, { t: 15, v: 3 }, { t: 20, v: 4 }], 10, 50);
    expect(d).toEqual([[5, 2], [15, 3], [20, 4]]);
  });
});
