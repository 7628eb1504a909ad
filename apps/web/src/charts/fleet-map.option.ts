import { alertLevelRank, LEVEL_RANK, type AlertLevel, type DeviceKind, type ExposureLevel } from '@tianyan/contracts';
import type { BasemapRole } from '../map/basemap';
import type { EChartsOption } from './echarts-registry';

export interface FleetMapDevice {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly lon: number;
  readonly lat: number;
  readonly online: boolean;
  /** The position came by store-and-forward replay: drawn hollow, never as "now". */
  readonly late: boolean;
  readonly selected: boolean;
  /** Reported state: fault and maintenance are coloured; offline greys the symbol. */
  readonly state?: string;
  /** Drones: heading in degrees clockwise from north, drawn as an arrow around the symbol. */
  readonly headingDeg?: number | null;
  /** Extra label text (e.g. an OBD station's failed count). */
  readonly badge?: string;
}

export interface FleetMapHotspot {
  readonly lon: number;
  readonly lat: number;
  readonly tempC: number;
  /** 1 for the newest, fading to 0 for the oldest shown. */
  readonly freshness: number;
  readonly deviceId?: string;
}

export interface FleetMapSurveyPoint {
  readonly lon: number;
  readonly lat: number;
  readonly level: ExposureLevel;
}

/** Layers the operator can toggle. */
export type MapLayer = 'drones' | 'tracks' | 'hotspots' | 'spectrometers' | 'surveys' | 'obd' | 'alerts' | 'geofences' | 'plumes' | 'receptors' | 'thermal';
/** The last three are the situation picture's (apps/web/src/situation), drawn by its own series. */
export const MAP_LAYERS: readonly MapLayer[] = ['drones', 'tracks', 'hotspots', 'spectrometers', 'surveys', 'obd', 'alerts', 'geofences', 'plumes', 'receptors', 'thermal'];
const KIND_LAYER: Readonly<Record<DeviceKind, MapLayer>> = { drone: 'drones', ms: 'spectrometers', obd: 'obd' };

export interface FleetMapTrack {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly coords: readonly (readonly [number, number])[];
}

export interface FleetMapLabel {
  readonly id: string;
  readonly text: string;
  readonly coord: readonly [number, number];
  readonly role: BasemapRole | 'intake';
}

/** An open alert with a position: a pin in its colour. */
export interface FleetMapAlert {
  readonly id: string;
  readonly lon: number;
  readonly lat: number;
  readonly level: AlertLevel;
  readonly drill: boolean;
  readonly overdue: boolean;
  readonly title: string;
}

/** A geofence rule: its outline (closed ring, [lon, lat]) in its colour, its name at `anchor`. */
export interface FleetMapGeofence {
  readonly id: string;
  readonly name: string;
  readonly level: AlertLevel;
  readonly trigger: 'enter' | 'exit' | 'dwell';
  readonly enabled: boolean;
  readonly ring: readonly (readonly [number, number])[];
  readonly anchor: readonly [number, number];
}

/** A geofence being drawn: the outline so far and its vertices. */
export interface FleetMapDraft {
  readonly line: readonly (readonly [number, number])[];
  readonly vertices: readonly (readonly [number, number])[];
}

export interface FleetMapData {
  readonly devices: readonly FleetMapDevice[];
  readonly tracks: readonly FleetMapTrack[];
  readonly labels: readonly FleetMapLabel[];
  readonly hotspots?: readonly FleetMapHotspot[];
  readonly surveys?: readonly FleetMapSurveyPoint[];
  readonly alerts?: readonly FleetMapAlert[];
  readonly geofences?: readonly FleetMapGeofence[];
  readonly draft?: FleetMapDraft | null;
}

export interface RegionStyle {
  readonly areaColor: string;
  readonly borderColor: string;
  readonly borderWidth: number;
  readonly borderType?: 'solid' | 'dashed' | 'dotted';
}

export interface FleetMapConfig {
  readonly mapName: string;
  /** Basemap features by name with their role, for styling. */
  readonly regions: readonly { readonly name: string; readonly role: BasemapRole }[];
  readonly roleStyles: Readonly<Record<BasemapRole, RegionStyle>>;
  /** Map centre [lon, lat] and zoom; the panel keeps the user's pan and zoom here. */
  readonly view: { readonly center: readonly [number, number]; readonly zoom: number };
  readonly kindLabels: Readonly<Record<DeviceKind, string>>;
  readonly kindColors: Readonly<Record<DeviceKind, string>>;
  readonly kindSymbols: Readonly<Record<DeviceKind, string>>;
  readonly offlineColor: string;
  readonly lateColor: string;
  readonly selectedColor: string;
  readonly labelColor: string;
  readonly textColor: string;
  readonly describeDevice: (device: FleetMapDevice) => string;
  /** Visible layers; all when omitted. */
  readonly layers?: ReadonlySet<MapLayer>;
  readonly faultColor?: string;
  readonly maintenanceColor?: string;
  readonly headingSymbol?: string;
  readonly levelColors?: Readonly<Record<ExposureLevel, string>>;
  /** Hotspot colour by temperature: [°C at or above, colour], ascending. */
  readonly hotspotRamp?: readonly (readonly [number, string])[];
  readonly describeHotspot?: (h: FleetMapHotspot) => string;
  /** Alert pins and geofence outlines, by colour. */
  readonly alertColors?: Readonly<Record<AlertLevel, string>>;
  readonly describeAlert?: (a: FleetMapAlert) => string;
  readonly geofenceLabel?: (g: FleetMapGeofence) => string;
  readonly draftColor?: string;
}

export function hotspotColor(tempC: number, ramp: readonly (readonly [number, string])[]): string {
  let color = ramp[0]?.[1] ?? '#ff5d5d';
  for (const [from, c] of ramp) if (tempC >= from) color = c;
  return color;
}

/**
 * Canvas layers: the basemap and its labels (0) are painted only when the view changes; live
 * series (1) at their redraw rate; the selection ripple (2), which animates every frame, alone.
 */
export const DYNAMIC_LAYER = 1;
export const RING_LAYER = 2;

export const KIND_ORDER: readonly DeviceKind[] = ['drone', 'ms', 'obd'];

/** Device scatter series ids are `devices:<kind>`; a click on one carries the device id as its name. */
export const DEVICE_SERIES_PREFIX = 'devices:';
/** The alert pins' series: a click on one carries the alert id as its name. */
export const ALERT_SERIES_ID = 'alerts';

/** Outline style by trigger: entering solid, leaving dashed, dwelling dotted. */
const TRIGGER_LINE = { enter: 'solid', exit: 'dashed', dwell: 'dotted' } as const;

/**
 * The geofence being drawn, on the top canvas layer: the map view merges just these two series on
 * every mouse move while drawing, so the rubber band follows the cursor without repainting the rest.
 */
export function geofenceDraftSeries(draft: FleetMapDraft | null, color: string): Extract<NonNullable<EChartsOption['series']>, unknown[]> {
  return [
    {
      id: 'geofence-draft',
      type: 'lines',
      zlevel: RING_LAYER,
      coordinateSystem: 'geo',
      polyline: true,
      silent: true,
      z: 7,
      data: draft && draft.line.length > 1 ? [{ coords: draft.line.map((c) => [c[0], c[1]]), lineStyle: { color, width: 2, type: 'dashed' as const } }] : [],
    },
    {
      id: 'geofence-draft-vertices',
      type: 'scatter',
      zlevel: RING_LAYER,
      coordinateSystem: 'geo',
      silent: true,
      z: 7,
      symbol: 'circle',
      symbolSize: 7,
      itemStyle: { color, borderColor: '#000', borderWidth: 1 },
      data: (draft?.vertices ?? []).map((c) => [c[0], c[1]]),
    },
  ];
}

/** Survey marks' series: `surveys:<level>`. */
export const SURVEY_SERIES_PREFIX = 'surveys:';
const SURVEY_LEVELS = (Object.keys(LEVEL_RANK) as ExposureLevel[]).sort((a, b) => LEVEL_RANK[a] - LEVEL_RANK[b]);

/** The situation map: offline basemap (geo), drone tracks, devices by kind, the selected one ringed. */
export function buildFleetMapOption(data: FleetMapData, config: FleetMapConfig): EChartsOption {
  const selected = data.devices.find((d) => d.selected);
  const on = (layer: MapLayer) => !config.layers || config.layers.has(layer);

  const tracks: NonNullable<EChartsOption['series']> = [
    {
      id: 'tracks',
      type: 'lines',
      zlevel: DYNAMIC_LAYER,
      coordinateSystem: 'geo',
      polyline: true,
      silent: true,
      z: 3,
      data: data.tracks
        .filter((tr) => on('tracks') && tr.coords.length > 1)
        .map((tr) => ({
          name: tr.id,
          coords: tr.coords.map((c) => [c[0], c[1]]),
          lineStyle: { color: config.kindColors[tr.kind], width: selected?.id === tr.id ? 2.4 : 1.6, opacity: selected?.id === tr.id ? 0.95 : 0.6 },
        })),
    },
  ];

  const devices: NonNullable<EChartsOption['series']> = KIND_ORDER.map((kind) => ({
    id: `${DEVICE_SERIES_PREFIX}${kind}`,
    name: config.kindLabels[kind],
    type: 'scatter',
    zlevel: DYNAMIC_LAYER,
    coordinateSystem: 'geo',
    z: 5,
    symbol: config.kindSymbols[kind],
    symbolKeepAspect: true,
    symbolSize: 20,
    cursor: 'pointer',
    labelLayout: { hideOverlap: true },
    tooltip: { formatter: (p: { data?: unknown }) => config.describeDevice((p.data as { device: FleetMapDevice }).device) },
    label: {
      show: true,
      position: 'right',
      distance: 6,
      formatter: (p: { data?: unknown }) => {
        const d = (p.data as { device?: FleetMapDevice } | undefined)?.device;
        return d ? (d.badge ? `${d.id}  ${d.badge}` : d.id) : '';
      },
      color: config.textColor,
      fontSize: 11,
      textBorderColor: '#000',
      textBorderWidth: 2,
    },
    data: data.devices
      .filter((d) => d.kind === kind && on(KIND_LAYER[kind]))
      .map((d) => {
        const color = !d.online
          ? config.offlineColor
          : d.state === 'fault'
            ? (config.faultColor ?? config.kindColors[kind])
            : d.state === 'maintenance' || d.state === 'calibration'
              ? (config.maintenanceColor ?? config.kindColors[kind])
              : config.kindColors[kind];
        return {
          name: d.id,
          value: [d.lon, d.lat],
          device: d,
          symbolSize: d.selected ? 26 : 20,
          itemStyle: d.late
            ? { color: 'rgba(0,0,0,0.35)', borderColor: config.lateColor, borderWidth: 1.5, borderType: 'dashed' as const }
            : { color, borderColor: d.selected ? config.selectedColor : 'rgba(0,0,0,0.6)', borderWidth: d.selected ? 1.5 : 1 },
          label: d.selected ? { color: config.selectedColor, fontWeight: 'bold' as const } : {},
        };
      }),
  }));

  // A static double ring, not an animated ripple: an endless animation repaints its canvas layer
  // every frame, which a wall screen running for days (and software-rendered kiosks) cannot afford.
  const ring: NonNullable<EChartsOption['series']> = [
    {
      id: 'selected-ring',
      type: 'scatter',
      coordinateSystem: 'geo',
      zlevel: RING_LAYER,
      silent: true,
      z: 4,
      symbol: 'circle',
      symbolSize: 36,
      itemStyle: { color: 'rgba(255,255,255,0.06)', borderColor: config.selectedColor, borderWidth: 1.5, shadowBlur: 12, shadowColor: config.selectedColor },
      data: selected ? [{ name: selected.id, value: [selected.lon, selected.lat] }] : [],
    },
  ];

  const labels: NonNullable<EChartsOption['series']> = [
    {
      id: 'basemap-labels',
      type: 'scatter',
      coordinateSystem: 'geo',
      silent: true,
      z: 2,
      data: data.labels.map((l) => ({
        name: l.text,
        value: [l.coord[0], l.coord[1]],
        symbol: l.role === 'intake' ? 'triangle' : 'circle',
        symbolSize: l.role === 'intake' ? 9 : 1,
        itemStyle: { color: l.role === 'intake' ? config.roleStyles.zone1.borderColor : 'rgba(0,0,0,0)' },
        label: {
          show: true,
          formatter: '{b}',
          position: l.role === 'intake' ? 'right' : 'inside',
          textBorderColor: 'rgba(0,0,0,0.6)',
          textBorderWidth: 2,
          color: l.role === 'plant' ? config.roleStyles.plant.borderColor : l.role === 'zone1' || l.role === 'zone2' || l.role === 'intake' ? config.roleStyles.zone1.borderColor : config.labelColor,
          fontSize: l.role === 'water' ? 14 : 11,
          fontStyle: l.role === 'water' ? ('italic' as const) : ('normal' as const),
          opacity: l.role === 'road' || l.role === 'bridge' ? 0.75 : 0.95,
        },
      })),
    },
  ];

  const headings: NonNullable<EChartsOption['series']> = [
    {
      id: 'headings',
      type: 'scatter',
      zlevel: DYNAMIC_LAYER,
      coordinateSystem: 'geo',
      silent: true,
      z: 4,
      symbol: config.headingSymbol ?? 'arrow',
      symbolKeepAspect: true,
      symbolSize: 38,
      data: data.devices
        .filter((d) => d.headingDeg !== undefined && d.headingDeg !== null && d.online && on(KIND_LAYER[d.kind]))
        .map((d) => ({ name: d.id, value: [d.lon, d.lat], symbolRotate: -(d.headingDeg ?? 0), itemStyle: { color: d.late ? config.lateColor : config.kindColors[d.kind] } })),
    },
  ];

  const ramp = config.hotspotRamp ?? [[0, '#ff5d5d']];
  const hotspots: NonNullable<EChartsOption['series']> = [
    {
      id: 'hotspots',
      type: 'scatter',
      zlevel: DYNAMIC_LAYER,
      coordinateSystem: 'geo',
      z: 3,
      symbol: 'circle',
      // Never ECharts' large mode, which ignores per-item styles: a hotspot's size and colour are its
      // temperature, its opacity its age. The store holds at most 600, and the map view thins them.
      tooltip: { formatter: (p: { data?: unknown }) => (config.describeHotspot ? config.describeHotspot((p.data as { hotspot: FleetMapHotspot }).hotspot) : '') },
      data: on('hotspots')
        ? (data.hotspots ?? []).map((h) => ({
            value: [h.lon, h.lat],
            hotspot: h,
            symbolSize: 5 + Math.min(9, Math.max(0, h.tempC / 60)),
            itemStyle: { color: hotspotColor(h.tempC, ramp), opacity: 0.25 + 0.7 * h.freshness, borderWidth: 0 },
          }))
        : [],
    },
  ];

  // One series per exposure level, worst drawn last: ECharts' `large` mode (past 1,000 marks) ignores
  // per-item colours, so a single series would lose the levels as the trail grew.
  const levelColors = config.levelColors;
  const shownSurveys = on('surveys') ? (data.surveys ?? []) : [];
  const surveys: NonNullable<EChartsOption['series']> = SURVEY_LEVELS.map((level) => {
    const marks = shownSurveys.filter((p) => p.level === level);
    return {
      id: `${SURVEY_SERIES_PREFIX}${level}`,
      type: 'scatter',
      zlevel: DYNAMIC_LAYER,
      coordinateSystem: 'geo',
      silent: true,
      z: 2,
      symbol: 'circle',
      symbolSize: 6,
      large: marks.length > 1000,
      itemStyle: { color: levelColors ? levelColors[level] : config.kindColors.ms, opacity: 0.8 },
      data: marks.map((p) => [p.lon, p.lat]),
    };
  });

  const alertColors = config.alertColors ?? { blue: '#3d9cff', yellow: '#f2d232', orange: '#ff9a3c', red: '#ff4d4d' };
  const fences = on('geofences') ? (data.geofences ?? []) : [];
  const geofences: NonNullable<EChartsOption['series']> = [
    {
      id: 'geofences',
      type: 'lines',
      zlevel: DYNAMIC_LAYER,
      coordinateSystem: 'geo',
      polyline: true,
      silent: true,
      z: 2,
      data: fences.map((g) => ({
        name: g.id,
        coords: g.ring.map((c) => [c[0], c[1]]),
        lineStyle: { color: alertColors[g.level], width: 2, type: TRIGGER_LINE[g.trigger], opacity: g.enabled ? 0.95 : 0.35 },
      })),
    },
    {
      id: 'geofence-labels',
      type: 'scatter',
      zlevel: DYNAMIC_LAYER,
      coordinateSystem: 'geo',
      silent: true,
      z: 2,
      symbolSize: 1,
      labelLayout: { hideOverlap: true },
      data: fences.map((g) => ({
        name: g.id,
        value: [g.anchor[0], g.anchor[1]],
        itemStyle: { color: 'rgba(0,0,0,0)' },
        label: { show: true, formatter: config.geofenceLabel ? config.geofenceLabel(g) : g.name, color: alertColors[g.level], fontSize: 11, textBorderColor: '#000', textBorderWidth: 2, opacity: g.enabled ? 1 : 0.5 },
      })),
    },
  ];

  const draft = geofenceDraftSeries(data.draft ?? null, config.draftColor ?? config.selectedColor);

  // The worst colour is drawn last, on top.
  const pins = on('alerts') ? [...(data.alerts ?? [])].sort((a, b) => alertLevelRank(a.level) - alertLevelRank(b.level)) : [];
  const alerts: NonNullable<EChartsOption['series']> = [
    {
      id: ALERT_SERIES_ID,
      type: 'scatter',
      zlevel: DYNAMIC_LAYER,
      coordinateSystem: 'geo',
      z: 6,
      symbol: 'pin',
      // Small enough that a few alerts at one device do not bury its icon and the plume labels.
      symbolSize: 22,
      symbolOffset: [0, '-40%'],
      cursor: 'pointer',
      tooltip: { formatter: (p: { data?: unknown }) => (config.describeAlert ? config.describeAlert((p.data as { alert: FleetMapAlert }).alert) : '') },
      data: pins.map((a) => ({
        name: a.id,
        value: [a.lon, a.lat],
        alert: a,
        itemStyle: a.drill
          ? { color: 'rgba(0,0,0,0.45)', borderColor: alertColors[a.level], borderWidth: 2, borderType: 'dashed' as const }
          : { color: alertColors[a.level], borderColor: a.overdue ? '#ffffff' : 'rgba(0,0,0,0.7)', borderWidth: a.overdue ? 2 : 1 },
      })),
    },
  ];

  return {
    animation: false,
    tooltip: { trigger: 'item', confine: true },
    geo: {
      id: 'basemap',
      map: config.mapName,
      roam: true,
      center: [config.view.center[0], config.view.center[1]],
      zoom: config.view.zoom,
      scaleLimit: { min: 0.7, max: 14 },
      aspectScale: 0.86,
      silent: true,
      label: { show: false },
      emphasis: { disabled: true },
      select: { disabled: true },
      itemStyle: { areaColor: config.roleStyles.land.areaColor, borderColor: config.roleStyles.land.borderColor, borderWidth: 1 },
      regions: config.regions.map((r) => {
        const s = config.roleStyles[r.role];
        return {
          name: r.name,
          itemStyle: { areaColor: s.areaColor, borderColor: s.borderColor, borderWidth: s.borderWidth, borderType: s.borderType ?? 'solid' },
        };
      }),
    },
    series: [...labels, ...geofences, ...surveys, ...tracks, ...hotspots, ...ring, ...headings, ...devices, ...alerts, ...draft],
  };
}
