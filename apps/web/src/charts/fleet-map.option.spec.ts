import { ALERT_SERIES_ID, buildFleetMapOption, DEVICE_SERIES_PREFIX, geofenceDraftSeries, SURVEY_SERIES_PREFIX, type FleetMapConfig, type FleetMapData, type FleetMapGeofence, type RegionStyle } from './fleet-map.option';

const style = (c: string): RegionStyle => ({ areaColor: c, borderColor: `${c}-border`, borderWidth: 1 });

const config: FleetMapConfig = {
  mapName: 'demo',
  regions: [{ name: 'yangtze', role: 'water' }, { name: 'zone-1', role: 'zone1' }, { name: 'road-a', role: 'road' }],
  roleStyles: { land: style('land'), water: style('water'), zone1: style('z1'), zone2: style('z2'), plant: style('plant'), road: style('road'), bridge: style('bridge') },
  view: { center: [114.27, 30.61], zoom: 1.2 },
  kindLabels: { drone: 'Drone', ms: 'MS', obd: 'OBD' },
  kindColors: { drone: 'blue', ms: 'teal', obd: 'amber' },
  kindSymbols: { drone: 'path://D', ms: 'path://M', obd: 'path://O' },
  offlineColor: 'grey',
  lateColor: 'violet',
  selectedColor: 'white',
  labelColor: 'label',
  textColor: 'text',
  describeDevice: (d) => `device ${d.id}`,
};

const data: FleetMapData = {
  devices: [
    { id: 'UAV-01', kind: 'drone', lon: 114.26, lat: 30.61, online: true, late: false, selected: true },
    { id: 'UAV-02', kind: 'drone', lon: 114.28, lat: 30.62, online: true, late: true, selected: false },
    { id: 'OBD-01', kind: 'obd', lon: 114.3, lat: 30.59, online: false, late: false, selected: false },
  ],
  tracks: [
    { id: 'UAV-01', kind: 'drone', coords: [[114.25, 30.6], [114.26, 30.61]] },
    { id: 'UAV-02', kind: 'drone', coords: [[114.28, 30.62]] },
  ],
  labels: [{ id: 'intake', text: 'Intake', coord: [114.29, 30.63], role: 'intake' }],
};

type AnyRecord = Record<string, unknown>;
const seriesOf = (o: ReturnType<typeof buildFleetMapOption>) => o.series as AnyRecord[];
const byId = (o: ReturnType<typeof buildFleetMapOption>, id: string) => seriesOf(o).find((s) => s.id === id)!;

describe('buildFleetMapOption', () => {
  it('draws the offline basemap as a roamable geo with the kept view and styled regions', () => {
    const geo = buildFleetMapOption(data, config).geo as AnyRecord;
    expect(geo).toMatchObject({ map: 'demo', roam: true, center: [114.27, 30.61], zoom: 1.2 });
    expect(geo.regions).toEqual([
      { name: 'yangtze', itemStyle: { areaColor: 'water', borderColor: 'water-border', borderWidth: 1, borderType: 'solid' } },
      { name: 'zone-1', itemStyle: { areaColor: 'z1', borderColor: 'z1-border', borderWidth: 1, borderType: 'solid' } },
      { name: 'road-a', itemStyle: { areaColor: 'road', borderColor: 'road-border', borderWidth: 1, borderType: 'solid' } },
    ]);
  });

  it('has one device series per kind, with the kind symbol and device ids as names', () => {
    const o = buildFleetMapOption(data, config);
    const drones = byId(o, `${DEVICE_SERIES_PREFIX}drone`);
    expect(drones).toMatchObject({ type: 'scatter', coordinateSystem: 'geo', symbol: 'path://D', name: 'Drone' });
    expect((drones.data as AnyRecord[]).map((d) => [d.name, d.value])).toEqual([['UAV-01', [114.26, 30.61]], ['UAV-02', [114.28, 30.62]]]);
    expect(byId(o, `${DEVICE_SERIES_PREFIX}ms`).data).toEqual([]);
  });

  it('greys offline devices and draws late positions hollow and dashed', () => {
    const o = buildFleetMapOption(data, config);
    const obd = (byId(o, `${DEVICE_SERIES_PREFIX}obd`).data as AnyRecord[])[0]!;
    expect((obd.itemStyle as AnyRecord).color).toBe('grey');
    const late = (byId(o, `${DEVICE_SERIES_PREFIX}drone`).data as AnyRecord[])[1]!;
    expect(late.itemStyle).toMatchObject({ borderColor: 'violet', borderType: 'dashed' });
    expect((late.itemStyle as AnyRecord).color).not.toBe('blue');
  });

  it('rings the selected device and enlarges it', () => {
    const o = buildFleetMapOption(data, config);
    expect(byId(o, 'selected-ring').data).toEqual([{ name: 'UAV-01', value: [114.26, 30.61] }]);
    const first = (byId(o, `${DEVICE_SERIES_PREFIX}drone`).data as AnyRecord[])[0]!;
    expect(first.symbolSize).toBe(26);
    const none = buildFleetMapOption({ ...data, devices: data.devices.map((d) => ({ ...d, selected: false })) }, config);
    expect(byId(none, 'selected-ring').data).toEqual([]);
  });

  it('draws tracks of two or more fixes as polylines in the kind colour', () => {
    const tracks = byId(buildFleetMapOption(data, config), 'tracks');
    expect(tracks).toMatchObject({ type: 'lines', polyline: true, coordinateSystem: 'geo' });
    expect(tracks.data).toEqual([{ name: 'UAV-01', coords: [[114.25, 30.6], [114.26, 30.61]], lineStyle: { color: 'blue', width: 2.4, opacity: 0.95 } }]);
  });

  it('places basemap labels as silent text, the intake with a marker', () => {
    const labels = byId(buildFleetMapOption(data, config), 'basemap-labels');
    expect(labels.silent).toBe(true);
    expect((labels.data as AnyRecord[])[0]).toMatchObject({ name: 'Intake', value: [114.29, 30.63], symbol: 'triangle' });
  });

  it('describes devices in the tooltip through the config', () => {
    const drones = byId(buildFleetMapOption(data, config), `${DEVICE_SERIES_PREFIX}drone`);
    const formatter = (drones.tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(formatter({ data: (drones.data as AnyRecord[])[0] })).toBe('device UAV-01');
  });
});

describe('buildFleetMapOption canvas layers', () => {
  it('keeps live series off the basemap layer and the animated ring on its own', () => {
    const o = buildFleetMapOption(data, config);
    const z = Object.fromEntries((o.series as AnyRecord[]).map((s) => [s.id, s.zlevel ?? 0]));
    expect(z['basemap-labels']).toBe(0);
    expect([z.tracks, z.hotspots, z[`${SURVEY_SERIES_PREFIX}aegl2`], z.headings, z[`${DEVICE_SERIES_PREFIX}drone`]]).toEqual([1, 1, 1, 1, 1]);
    expect(z['selected-ring']).toBe(2);
  });

  it('hides layers switched off and rotates the heading arrow', () => {
    const o = buildFleetMapOption(
      { ...data, devices: [{ ...data.devices[0]!, headingDeg: 90 }], hotspots: [{ lon: 114.27, lat: 30.61, tempC: 400, freshness: 1 }], surveys: [{ lon: 114.27, lat: 30.6, level: 'aegl2' }] },
      { ...config, layers: new Set(['drones', 'surveys']), levelColors: { none: 'n', oel: 'o', aegl1: 'a1', aegl2: 'a2', aegl3: 'a3', idlh: 'i' } },
    );
    expect(byId(o, 'hotspots').data).toEqual([]);
    expect(byId(o, 'tracks').data).toEqual([]);
    expect(byId(o, `${SURVEY_SERIES_PREFIX}aegl2`)).toMatchObject({ data: [[114.27, 30.6]], itemStyle: { color: 'a2' } });
    expect(byId(o, `${SURVEY_SERIES_PREFIX}none`).data).toEqual([]);
    expect((byId(o, 'headings').data as AnyRecord[])[0]!.symbolRotate).toBe(-90);
  });
});

describe('buildFleetMapOption marks past ECharts\' large-mode threshold', () => {
  const levelColors = { none: 'n', oel: 'o', aegl1: 'a1', aegl2: 'a2', aegl3: 'a3', idlh: 'i' };
  it('keeps each level in its colour past the 1,000 marks where ECharts draws in large mode, the worst level on top', () => {
    const surveys = Array.from({ length: 1500 }, (_, i) => ({ lon: 114 + i * 1e-4, lat: 30.6, level: (i % 3 === 0 ? 'idlh' : 'none') as 'idlh' | 'none' }));
    const o = buildFleetMapOption({ ...data, surveys }, { ...config, levelColors });
    const series = (o.series as AnyRecord[]).filter((s) => String(s.id).startsWith(SURVEY_SERIES_PREFIX));
    expect(series.map((s) => s.id)).toEqual(['none', 'oel', 'aegl1', 'aegl2', 'aegl3', 'idlh'].map((l) => `${SURVEY_SERIES_PREFIX}${l}`));
    const none = byId(o, `${SURVEY_SERIES_PREFIX}none`);
    const idlh = byId(o, `${SURVEY_SERIES_PREFIX}idlh`);
    expect([none.large, (none.data as unknown[]).length, (none.itemStyle as AnyRecord).color]).toEqual([false, 1000, 'n']);
    expect([idlh.large, (idlh.data as unknown[]).length, (idlh.itemStyle as AnyRecord).color]).toEqual([false, 500, 'i']);
    const more = buildFleetMapOption({ ...data, surveys: surveys.map((s) => ({ ...s, level: 'aegl1' as const })) }, { ...config, levelColors });
    expect([byId(more, `${SURVEY_SERIES_PREFIX}aegl1`).large, (byId(more, `${SURVEY_SERIES_PREFIX}aegl1`).itemStyle as AnyRecord).color]).toEqual([true, 'a1']);
  });

  it('draws every hotspot with its own colour, size and age, however many the store holds', () => {
    const hotspots = Array.from({ length: 600 }, (_, i) => ({ lon: 114 + i * 1e-4, lat: 30.6, tempC: i % 2 === 0 ? 60 : 600, freshness: i / 600 }));
    const o = buildFleetMapOption({ ...data, hotspots }, { ...config, hotspotRamp: [[0, 'warm'], [300, 'hot']] });
    const series = byId(o, 'hotspots');
    expect(series.large).toBeFalsy();
    const items = series.data as AnyRecord[];
    expect(items).toHaveLength(600);
    expect([(items[0]!.itemStyle as AnyRecord).color, (items[599]!.itemStyle as AnyRecord).color]).toEqual(['warm', 'hot']);
    expect(items[599]!.symbolSize).toBeGreaterThan(items[0]!.symbolSize as number);
    expect((items[599]!.itemStyle as AnyRecord).opacity).toBeGreaterThan((items[0]!.itemStyle as AnyRecord).opacity as number);
  });
});

describe('buildFleetMapOption alerts and geofences', () => {
  const alertColors = { blue: 'B', yellow: 'Y', orange: 'O', red: 'R' };
  const square: FleetMapGeofence['ring'] = [[114.26, 30.6], [114.28, 30.6], [114.28, 30.62], [114.26, 30.6]];
  const withAlerts: FleetMapData = {
    ...data,
    alerts: [
      { id: 'a-red', lon: 114.27, lat: 30.61, level: 'red', drill: false, overdue: true, title: 'H2S' },
      { id: 'a-blue', lon: 114.28, lat: 30.6, level: 'blue', drill: false, overdue: false, title: 'Cl2' },
      { id: 'a-drill', lon: 114.29, lat: 30.6, level: 'orange', drill: true, overdue: false, title: 'drill' },
    ],
    geofences: [
      { id: 'g1', name: 'Park', level: 'orange', trigger: 'exit', enabled: true, ring: square, anchor: [114.27, 30.61] },
      { id: 'g2', name: 'Old', level: 'red', trigger: 'enter', enabled: false, ring: square, anchor: [114.27, 30.61] },
    ],
  };
  const cfg: FleetMapConfig = { ...config, alertColors, describeAlert: (a) => `alert ${a.title}`, geofenceLabel: (g) => `${g.name} · ${g.trigger}` };

  it('pins open alerts in their colour, the worst on top; overdue outlined, drills hollow and dashed', () => {
    const pins = byId(buildFleetMapOption(withAlerts, cfg), ALERT_SERIES_ID);
    expect(pins).toMatchObject({ type: 'scatter', coordinateSystem: 'geo', symbol: 'pin', zlevel: 1 });
    const d = pins.data as AnyRecord[];
    expect(d.map((x) => x.name)).toEqual(['a-blue', 'a-drill', 'a-red']);
    expect(d[2]!.itemStyle).toMatchObject({ color: 'R', borderColor: '#ffffff', borderWidth: 2 });
    expect(d[1]!.itemStyle).toMatchObject({ borderColor: 'O', borderType: 'dashed' });
    expect((pins.tooltip as { formatter: (p: unknown) => string }).formatter({ data: d[2] })).toBe('alert H2S');
  });

  it('outlines geofences in their colour, styled by trigger, named at their anchor, faded when disabled', () => {
    const o = buildFleetMapOption(withAlerts, cfg);
    const lines = byId(o, 'geofences');
    expect(lines).toMatchObject({ type: 'lines', polyline: true, coordinateSystem: 'geo' });
    expect((lines.data as AnyRecord[])[0]).toEqual({ name: 'g1', coords: square, lineStyle: { color: 'O', width: 2, type: 'dashed', opacity: 0.95 } });
    expect(((lines.data as AnyRecord[])[1]!.lineStyle as AnyRecord).opacity).toBeLessThan(0.5);
    const labels = byId(o, 'geofence-labels').data as AnyRecord[];
    expect(labels[0]).toMatchObject({ name: 'g1', value: [114.27, 30.61], label: { formatter: 'Park · exit', color: 'O' } });
  });

  it('hides alerts and geofences with their layers', () => {
    const o = buildFleetMapOption(withAlerts, { ...cfg, layers: new Set(['drones']) });
    expect(byId(o, ALERT_SERIES_ID).data).toEqual([]);
    expect(byId(o, 'geofences').data).toEqual([]);
    expect(byId(o, 'geofence-labels').data).toEqual([]);
  });

  it('draws the geofence being drawn on the top layer, with its vertices', () => {
    const draft = { line: [[1, 1], [2, 1], [2, 2]] as [number, number][], vertices: [[1, 1], [2, 1]] as [number, number][] };
    const o = buildFleetMapOption({ ...data, draft }, cfg);
    expect(byId(o, 'geofence-draft')).toMatchObject({ zlevel: 2, data: [{ coords: [[1, 1], [2, 1], [2, 2]] }] });
    expect(byId(o, 'geofence-draft-vertices').data).toEqual([[1, 1], [2, 1]]);
    expect(geofenceDraftSeries(null, 'c').map((s) => (s as AnyRecord).data)).toEqual([[], []]);
  });
});
