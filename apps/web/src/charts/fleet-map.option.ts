import type { DeviceKind } from '@tianyan/contracts';
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
}

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

export interface FleetMapData {
  readonly devices: readonly FleetMapDevice[];
  readonly tracks: readonly FleetMapTrack[];
  readonly labels: readonly FleetMapLabel[];
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
}

export const KIND_ORDER: readonly DeviceKind[] = ['drone', 'ms', 'obd'];

/** Device scatter series ids are `devices:<kind>`; a click on one carries the device id as its name. */
export const DEVICE_SERIES_PREFIX = 'devices:';

/** The situation map: offline basemap (geo), drone tracks, devices by kind, the selected one ringed. */
export function buildFleetMapOption(data: FleetMapData, config: FleetMapConfig): EChartsOption {
  const selected = data.devices.find((d) => d.selected);

  const tracks: NonNullable<EChartsOption['series']> = [
    {
      id: 'tracks',
      type: 'lines',
      coordinateSystem: 'geo',
      polyline: true,
      silent: true,
      z: 3,
      data: data.tracks
        .filter((tr) => tr.coords.length > 1)
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
    coordinateSystem: 'geo',
    z: 5,
    symbol: config.kindSymbols[kind],
    symbolKeepAspect: true,
    symbolSize: 20,
    cursor: 'pointer',
    label: {
      show: true,
      position: 'right',
      distance: 6,
      formatter: '{b}',
      color: config.textColor,
      fontSize: 11,
      textBorderColor: '#000',
      textBorderWidth: 2,
    },
    labelLayout: { hideOverlap: true },
    tooltip: { formatter: (p: { data?: unknown }) => config.describeDevice((p.data as { device: FleetMapDevice }).device) },
    data: data.devices
      .filter((d) => d.kind === kind)
      .map((d) => {
        const color = d.online ? config.kindColors[kind] : config.offlineColor;
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

  const ring: NonNullable<EChartsOption['series']> = [
    {
      id: 'selected-ring',
      type: 'effectScatter',
      coordinateSystem: 'geo',
      silent: true,
      z: 4,
      symbol: 'circle',
      symbolSize: 34,
      rippleEffect: { brushType: 'stroke', scale: 2.2, period: 3, color: config.selectedColor },
      itemStyle: { color: 'rgba(0,0,0,0)', borderColor: config.selectedColor, borderWidth: 1.5 },
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
    series: [...labels, ...tracks, ...ring, ...devices],
  };
}
