import type { DeviceKind } from '@tianyan/contracts';
import { ChartHost } from '../charts/chart-host';
import { buildFleetMapOption, DEVICE_SERIES_PREFIX, KIND_ORDER, MAP_LAYERS, type FleetMapConfig, type FleetMapDevice, type MapLayer } from '../charts/fleet-map.option';
import { HOTSPOT_RAMP, LEVEL_COLORS, PALETTE } from '../charts/theme';
import type { ExposureLevel } from '@tianyan/contracts';
import { formatAge, formatValue } from '../format/format';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { typed } from '../live/typed-reading';
import { DEMO_BASEMAP, DEMO_CENTER, DEMO_LABELS } from '../map/basemap';
import { kindSymbol, KIND_ICON_PATHS } from '../map/kind-icons';
import { registerDemoBasemap } from '../map/register-basemap';
import { TileLayer } from '../map/tile-layer';
import type { TileSourceConfig } from '../map/tiles';
import type { FleetStore } from '../state/fleet-store';
import { summariseInspections } from '../state/obd-stats';
import { h, panel, setAttr, svgIcon } from './dom';

const DEFAULT_VIEW = { center: DEMO_CENTER, zoom: 1.3 } as const;
const RESET_ICON = 'M11 2h2v3.1A7 7 0 0 1 18.9 11H22v2h-3.1A7 7 0 0 1 13 18.9V22h-2v-3.1A7 7 0 0 1 5.1 13H2v-2h3.1A7 7 0 0 1 11 5.1Zm1 5a5 5 0 1 0 0 10 5 5 0 0 0 0-10Zm0 3a2 2 0 1 1 0 4 2 2 0 0 1 0-4Z';
/** Arrowhead above a centred box: rotated about its centre it points the drone's heading. */
const HEADING_SYMBOL = 'path://M12 0L16 6H8ZM11.9 23.9h0.2v0.1h-0.2Z';
/** Tracks and hotspots shown: the last 10 minutes. */
export const MAP_HISTORY_MS = 10 * 60 * 1000;
const LEVELS: readonly ExposureLevel[] = ['none', 'oel', 'aegl1', 'aegl2', 'aegl3'];

export type MapViewState = { center: readonly [number, number]; zoom: number };

/** Centre: the offline situation map with layers, toggles, optional tiles; click a device to open its panel. */
export class MapView {
  readonly root: HTMLElement;
  private readonly host: ChartHost;
  private readonly canvas: HTMLElement;
  private readonly kindLabels: Record<DeviceKind, string>;
  private readonly tiles: TileLayer | null;

  constructor(
    private readonly store: FleetStore,
    onSelect: (deviceId: string) => void,
    private readonly layers: Set<MapLayer>,
    private readonly state: { view: MapViewState },
    tileConfig: TileSourceConfig | null,
  ) {
    const p = panel('map', t('panel.map'), 'SITUATION MAP', 'map');
    this.root = p.root;
    this.canvas = h('div', { class: 'chart map-canvas', testid: 'map-canvas' });
    const reset = h('button', { class: 'map-reset', testid: 'map-reset', attrs: { type: 'button', title: t('map.reset'), 'aria-label': t('map.reset') } }, svgIcon(RESET_ICON));
    this.tiles = tileConfig ? new TileLayer(tileConfig, DEMO_CENTER, () => this.render(Date.now())) : null;
    p.body.append(...(this.tiles ? [this.tiles.root] : []), this.canvas, this.legend(), this.toggles(), reset);
    this.kindLabels = { drone: t('kind.drone'), ms: t('kind.ms'), obd: t('kind.obd') };

    registerDemoBasemap();
    this.host = new ChartHost(this.canvas);
    this.host.on('click', (params) => {
      const q = params as { seriesId?: string; name?: string };
      if (q.seriesId?.startsWith(DEVICE_SERIES_PREFIX) && q.name) onSelect(q.name);
    });
    this.host.on('georoam', () => {
      const geo = (this.host.getOption() as { geo?: { center?: [number, number]; zoom?: number }[] } | undefined)?.geo?.[0];
      if (geo?.center && typeof geo.zoom === 'number') this.state.view = { center: [Number(geo.center[0]), Number(geo.center[1])], zoom: geo.zoom };
      this.placeTiles();
    });
    reset.addEventListener('click', () => {
      this.state.view = DEFAULT_VIEW;
      this.render(Date.now());
    });
  }

  render(now: number): void {
    const selectedId = this.store.selectedId;
    const devices: FleetMapDevice[] = [];
    for (const d of this.store.devices()) {
      if (!d.position) continue;
      const telemetry = d.kind === 'drone' ? d.latest['drone/telemetry'] : undefined;
      const heading = telemetry ? typed(telemetry) : null;
      let badge: string | undefined;
      if (d.kind === 'obd') {
        const s = summariseInspections(this.store.inspectionsOf(d.id).map((r) => r.judgement));
        if (s.total > 0) badge = t('map.obdBadge', { failed: s.failed, total: s.total });
      }
      devices.push({
        id: d.id, kind: d.kind, lon: d.position.lon, lat: d.position.lat, online: d.online, late: d.position.late, selected: d.id === selectedId, state: d.state,
        headingDeg: heading && heading.stream === 'drone/telemetry' ? heading.data.headingDeg : null,
        ...(badge ? { badge } : {}),
      });
    }
    const since = now - MAP_HISTORY_MS;
    const tracks = this.store
      .devices()
      .filter((d) => d.kind === 'drone')
      .map((d) => ({ id: d.id, kind: d.kind, coords: this.store.trackOf(d.id).filter((p) => p.t >= since).map((p) => [p.lon, p.lat] as const) }));
    const hotspots = this.store.hotspots(since).map((p) => ({ lon: p.lon, lat: p.lat, tempC: p.tempC, freshness: Math.max(0, Math.min(1, 1 - (now - p.t) / MAP_HISTORY_MS)), deviceId: p.deviceId }));
    const surveys = this.store
      .devices()
      .filter((d) => d.kind === 'ms')
      .flatMap((d) => this.store.surveyTrailOf(d.id).filter((p) => p.t >= since));
    const labels = DEMO_LABELS.map((l) => ({ id: l.id, text: t(l.textKey), coord: l.coord, role: l.role }));
    this.host.setOption(buildFleetMapOption({ devices, tracks, labels, hotspots, surveys }, this.config(now)), { replaceMerge: ['series'] });
    setAttr(this.canvas, 'data-devices', String(devices.length));
    setAttr(this.canvas, 'data-hotspots', String(this.layers.has('hotspots') ? hotspots.length : 0));
    setAttr(this.canvas, 'data-surveys', String(this.layers.has('surveys') ? surveys.length : 0));
    // Where each device is drawn, in canvas pixels: lets browser tests click a device on the map.
    const positions: Record<string, [number, number]> = {};
    for (const d of devices) {
      const px = this.host.geoToPixel([d.lon, d.lat]);
      if (px) positions[d.id] = [Math.round(px[0]), Math.round(px[1])];
    }
    setAttr(this.canvas, 'data-positions', JSON.stringify(positions));
    this.placeTiles();
  }

  dispose(): void {
    this.host.dispose();
  }

  private placeTiles(): void {
    this.tiles?.update(this.canvas.clientWidth, this.canvas.clientHeight, (c) => this.host.geoToPixel(c), (p) => this.host.pixelToGeo(p));
  }

  private config(now: number): FleetMapConfig {
    const m = PALETTE.map;
    const tiled = Boolean(this.tiles && !this.tiles.root.hidden);
    return {
      mapName: registerDemoBasemap(),
      regions: DEMO_BASEMAP.features.map((f) => ({ name: f.properties.name, role: f.properties.role })),
      roleStyles: {
        land: { areaColor: tiled ? 'rgba(10,20,30,0.25)' : m.land, borderColor: m.landBorder, borderWidth: 0 },
        water: { areaColor: tiled ? 'rgba(14,44,69,0.35)' : m.water, borderColor: m.waterBorder, borderWidth: 1 },
        zone1: { areaColor: m.zone1, borderColor: m.zone1Border, borderWidth: 1.2, borderType: 'dashed' },
        zone2: { areaColor: m.zone2, borderColor: m.zone2Border, borderWidth: 1, borderType: 'dashed' },
        plant: { areaColor: m.plant, borderColor: m.plantBorder, borderWidth: 1.4 },
        road: { areaColor: m.road, borderColor: m.road, borderWidth: 2 },
        bridge: { areaColor: m.bridge, borderColor: m.bridge, borderWidth: 3 },
      },
      view: this.state.view,
      kindLabels: this.kindLabels,
      kindColors: PALETTE.kind,
      kindSymbols: { drone: kindSymbol('drone'), ms: kindSymbol('ms'), obd: kindSymbol('obd') },
      offlineColor: PALETTE.offline,
      lateColor: PALETTE.late,
      selectedColor: '#ffffff',
      labelColor: m.label,
      textColor: PALETTE.text,
      layers: this.layers,
      faultColor: PALETTE.danger,
      maintenanceColor: PALETTE.warn,
      headingSymbol: HEADING_SYMBOL,
      levelColors: LEVEL_COLORS,
      hotspotRamp: HOTSPOT_RAMP,
      describeHotspot: (hs) => t('map.hotspot', { device: hs.deviceId ?? '', temp: `${formatValue(hs.tempC)}°C` }),
      describeDevice: (d) => {
        const view = this.store.device(d.id);
        const age = view?.lastDataTime == null ? '—' : formatAge(now - view.lastDataTime, t);
        const state = view ? t(`state.${view.state}` as MessageKey) : '';
        const late = d.late ? ` · <span style="color:${PALETTE.late}">${t('device.late')}</span>` : '';
        return `<b>${escapeHtml(d.id)}</b> · ${this.kindLabels[d.kind]}<br/>${state} · ${t('device.age')} ${age}${late}`;
      },
    };
  }

  private toggles(): HTMLElement {
    const box = h('div', { class: 'layer-toggles', testid: 'layer-toggles', attrs: { role: 'group', 'aria-label': t('layer.title') } }, h('span', { class: 'lt-title', text: t('layer.title') }));
    for (const layer of MAP_LAYERS) {
      const input = h('input', { attrs: { type: 'checkbox', 'data-layer': layer } });
      input.checked = this.layers.has(layer);
      input.addEventListener('change', () => {
        if (input.checked) this.layers.add(layer);
        else this.layers.delete(layer);
        this.render(Date.now());
      });
      box.append(h('label', { class: `layer-toggle layer-${layer}`, testid: 'layer-toggle', attrs: { 'data-layer': layer } }, input, h('span', { text: t(`layer.${layer}` as MessageKey) })));
    }
    return box;
  }

  private legend(): HTMLElement {
    const items = KIND_ORDER.map((kind) =>
      h('li', { class: `legend-item kind-${kind}` }, svgIcon(KIND_ICON_PATHS[kind], 'icon legend-icon'), h('span', { text: t(`kind.${kind}` as MessageKey) })),
    );
    for (const level of LEVELS) {
      items.push(h('li', { class: 'legend-item level' }, h('span', { class: 'legend-dot', attrs: { style: `background:${LEVEL_COLORS[level]}` } }), h('span', { text: t(`level.${level}` as MessageKey) })));
    }
    items.push(h('li', { class: 'legend-item hotspot' }, h('span', { class: 'legend-dot', attrs: { style: `background:${HOTSPOT_RAMP[2]![1]}` } }), h('span', { text: t('layer.hotspots') })));
    items.push(h('li', { class: 'legend-item late' }, h('span', { class: 'legend-swatch late' }), h('span', { text: t('chart.late') })));
    items.push(h('li', { class: 'legend-item zone' }, h('span', { class: 'legend-swatch zone' }), h('span', { text: t('map.waterZone1') })));
    items.push(h('li', { class: 'legend-item plant' }, h('span', { class: 'legend-swatch plant' }), h('span', { text: t('map.plant') })));
    return h('ul', { class: 'map-legend' }, ...items);
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
