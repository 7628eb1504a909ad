import type { SituationSnapshot } from '@tianyan/contracts';
import { makePlume, makeReceptor, makeSnapshot, makeStatus, makeZone, square } from './situation-fixtures';
import { buildSituationSeries, plumeAreas, receptorMarkers, renderArea, thermalAreas, withAlpha, type SituationLayer, type SituationMapConfig } from './situation-map.option';

const COLORS = { blue: '#3d9cff', yellow: '#f2d232', orange: '#ff9a3c', red: '#ff4d4d' } as const;
const config = (layers: SituationLayer[] = ['plumes', 'receptors', 'thermal']): SituationMapConfig => ({
  layers: new Set(layers),
  alertColors: COLORS,
  safeColor: '#8a98a8',
  downwindColor: '#ffb300',
  thermalColor: '#ff6e28',
  textColor: '#ffffff',
  receptorSymbol: (kind) => `path://${kind}`,
  plumeLabel: (p) => p.compound,
  describeZone: (z, p) => `${p.cas} ${z.band}`,
  thermalLabel: (t) => `${t.areaM2} m²`,
  describeThermal: (t) => `${t.areaM2} m² ${t.hottestC} °C`,
  describeReceptor: (m) => `${m.name} ${m.state}`,
});
const seriesById = (snapshots: SituationSnapshot[], layers?: SituationLayer[]) =>
  new Map(buildSituationSeries(snapshots, [makeReceptor()], config(layers)).map((s) => [String((s as { id: string }).id), s as unknown as { data: unknown[] }]));

describe('situation map layers', () => {
  it('draws plume bands lowest first (highest on top) in their alert colour, semi-transparent', () => {
    const areas = plumeAreas([makeSnapshot()], config());
    expect(areas.map((a) => a.id)).toEqual(['inc-1|7783-06-4|extent', 'inc-1|7783-06-4|aegl2']);
    expect(areas.map((a) => a.stroke)).toEqual([COLORS.blue, COLORS.orange]);
    expect(areas[1]!.fill).toBe('rgba(255,154,60,0.3)');
    expect(areas[1]!.tooltip).toBe('7783-06-4 aegl2');
  });

  it('draws a drill plume dashed and fainter', () => {
    const [area] = plumeAreas([makeSnapshot({ drill: true, plumes: [makePlume({ zones: [makeZone()] })] })], config());
    expect(area!.dashed).toBe(true);
    expect(area!.fill).toBe(withAlpha(COLORS.blue, 0.22));
  });

  it('projects every outer ring of a multipolygon through the map (holes left out)', () => {
    const zone = makeZone({ polygon: [[square(120, 30, 0.01), square(120, 30, 0.001)], [square(121, 31, 0.01)]] });
    const [area] = plumeAreas([makeSnapshot({ plumes: [makePlume({ zones: [zone] })] })], config());
    expect(area!.rings).toHaveLength(2);
    const out = renderArea(area!, { coord: (c) => [Number((c as number[])[0]) * 10, Number((c as number[])[1]) * 10] }) as { children: { shape: { points: number[][] } }[] };
    expect(out.children).toHaveLength(2);
    expect(out.children[1]!.shape.points[0]).toEqual([(121 - 0.01) * 10, (31 - 0.01) * 10]);
  });

  it('colours receptors by status: the zone colour inside, amber outline downwind, grey safe', () => {
    const receptors = [makeReceptor({ id: 'in' }), makeReceptor({ id: 'down' }), makeReceptor({ id: 'safe' }), makeReceptor({ id: 'unmentioned' })];
    const snapshot = makeSnapshot({
      receptors: [
        makeStatus({ receptorId: 'in', inside: { cas: '7783-06-4', band: 'aegl2', level: 'orange' }, distanceM: 0 }),
        makeStatus({ receptorId: 'down', downwind: true, distanceM: 400 }),
        makeStatus({ receptorId: 'safe', distanceM: 2000 }),
      ],
    });
    const markers = receptorMarkers(receptors, [snapshot]);
    expect(markers.map((m) => [m.id, m.state, m.level])).toEqual([['in', 'inside', 'orange'], ['down', 'downwind', null], ['safe', 'safe', null], ['unmentioned', 'safe', null]]);
    const series = buildSituationSeries([snapshot], receptors, config()).find((s) => (s as { id?: string }).id === 'situation-receptors') as unknown as {
      data: { name: string; itemStyle: { color: string; borderColor: string }; label: { show: boolean; color: string } }[];
    };
    const style = new Map(series.data.map((d) => [d.name, d.itemStyle]));
    expect(style.get('in')!.color).toBe(COLORS.orange);
    expect(style.get('down')!.borderColor).toBe('#ffb300');
    expect(style.get('safe')!.color).toBe('#8a98a8');
    // Named in the status colour when at stake; a safe one only in its tooltip.
    const labels = new Map(series.data.map((d) => [d.name, d.label]));
    expect([labels.get('in')!.show, labels.get('in')!.color]).toEqual([true, COLORS.orange]);
    expect([labels.get('down')!.show, labels.get('down')!.color]).toEqual([true, '#ffb300']);
    expect(labels.get('safe')!.show).toBe(false);
    // Inside drawn last, on top.
    expect(series.data[series.data.length - 1]!.name).toBe('in');
  });

  it('takes the worst status of a receptor over several incidents, and puts an area receptor at its centre', () => {
    const village = makeReceptor({ id: 'v', kind: 'village', geometry: { type: 'Polygon', coordinates: [square(120.3, 30.2, 0.01)] } });
    const a = makeSnapshot({ incidentId: 'a', receptors: [makeStatus({ receptorId: 'v', downwind: true })] });
    const b = makeSnapshot({ incidentId: 'b', receptors: [makeStatus({ receptorId: 'v', inside: { cas: 'x', band: 'extent', level: 'yellow' } })] });
    const [m] = receptorMarkers([village], [a, b]);
    expect(m!.state).toBe('inside');
    expect(m!.lon).toBeCloseTo(120.3, 9);
    expect(m!.lat).toBeCloseTo(30.2, 9);
    expect(m!.outlines).toHaveLength(1);
  });

  it('draws the thermal extent with its area label', () => {
    const thermal = { thresholdC: 60, polygon: [[square(120.21, 30.11, 0.001)]], areaM2: 1234, hottestC: 310, hottest: { lat: 30.11, lon: 120.21 }, frames: 5, growthPctPerMin: 1 };
    const s = makeSnapshot({ thermal });
    expect(thermalAreas([s], config())).toHaveLength(1);
    const labels = seriesById([s]).get('situation-thermal-labels')!.data as { value: number[]; label: { formatter: string } }[];
    expect(labels[0]!.value).toEqual([120.21, 30.11]);
    expect(labels[0]!.label.formatter).toBe('1234 m²');
  });

  it('leaves a toggled-off layer empty but keeps its series (so a redraw clears it)', () => {
    const s = makeSnapshot({ receptors: [makeStatus()] });
    const off = seriesById([s], ['receptors']);
    expect(off.get('situation-plumes')!.data).toEqual([]);
    expect(off.get('situation-drift')!.data).toEqual([]);
    expect(off.get('situation-thermal')!.data).toEqual([]);
    expect(off.get('situation-receptors')!.data).toHaveLength(1);
    const on = seriesById([s]);
    expect(on.get('situation-plumes')!.data).toHaveLength(2);
    expect(on.get('situation-drift')!.data).toHaveLength(1);
    const label = on.get('situation-plume-labels')!.data[0] as { value: number[]; label: { formatter: string; position: string } };
    expect(label.label.formatter).toBe('Hydrogen sulfide');
    // Drifting east: on the right (south) flank of the outermost zone, set off below it.
    expect(label.value[1]).toBeCloseTo(30.1 - 0.01, 9);
    expect(label.label.position).toBe('bottom');
  });

  it('ranks a higher level plume label first and colours each drift arrow by the highest level of its plume', () => {
    const red = makePlume({ cas: 'red', zones: [makeZone({ level: 'red', band: 'aegl3' }), makeZone()] });
    const blue = makePlume({ cas: 'blue', zones: [makeZone()] });
    const series = seriesById([makeSnapshot({ plumes: [blue, red] })]);
    const labels = series.get('situation-plume-labels')!.data as { name: string; symbolSize: number }[];
    const size = new Map(labels.map((l) => [l.name, l.symbolSize]));
    // ECharts hides the overlapped label of the smaller host first; device icons are 20 px.
    expect(size.get('inc-1|red')!).toBeGreaterThan(size.get('inc-1|blue')!);
    expect(size.get('inc-1|blue')!).toBeGreaterThan(20);
    const arrows = series.get('situation-drift')!.data as { name: string; lineStyle: { color: string } }[];
    expect(arrows.map((a) => [a.name, a.lineStyle.color])).toEqual([['inc-1|blue', COLORS.blue], ['inc-1|red', COLORS.red]]);
  });
});
