import type { AlertRule, DeviceKind } from '@tianyan/contracts';
import type { AlertCenter } from '../alerts/alert-center';
import { ALERT_LEVEL_COLORS } from '../alerts/alert-colors';
import { LEVEL_KEY, STATE_KEY, TRIGGER_KEY } from '../alerts/alert-text';
import { geofenceAnchor, geofenceRing } from '../alerts/geofence-geometry';
import { ChartHost } from '../charts/chart-host';
import {
  ALERT_SERIES_ID, buildFleetMapOption, DEVICE_SERIES_PREFIX, geofenceDraftSeries, hotspotColor, KIND_ORDER, MAP_LAYERS,
  type FleetMapAlert, type FleetMapConfig, type FleetMapDevice, type FleetMapGeofence, type MapLayer,
} from '../charts/fleet-map.option';
import { HOTSPOT_RAMP, LEVEL_COLORS, PALETTE } from '../charts/theme';
import type { ExposureLevel } from '@tianyan/contracts';
import { formatAge, formatValue } from '../format/format';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { typed } from '../live/typed-reading';
import { DEMO_BASEMAP, DEMO_CENTER, DEMO_LABELS } from '../map/basemap';
import { extentContains, fitView, paddingAround, type GeoExtent, type PixelRect } from '../map/fit-view';
import { kindSymbol, KIND_ICON_PATHS } from '../map/kind-icons';
import { registerDemoBasemap } from '../map/register-basemap';
import { TileLayer } from '../map/tile-layer';
import { simplifyTrack, thinMarks, type PixelScale } from '../map/trail-thinning';
import type { TileSourceConfig } from '../map/tiles';
import type { SituationMapLayer } from '../situation/situation-map-layer';
import type { FleetStore } from '../state/fleet-store';
import { summariseInspections } from '../state/obd-stats';
import { h, panel, setAttr, svgIcon } from './dom';
import { GeofenceToolsView } from './geofence-tools.view';

const DEFAULT_VIEW = { center: DEMO_CENTER, zoom: 1.3 } as const;
/** Frame-the-incident button: four corner brackets around a dot. */
const FIT_ICON = 'M3 3h6v2H5v4H3Zm12 0h6v6h-2V5h-4ZM3 15h2v4h4v2H3Zm16 0h2v6h-6v-2h4Zm-7-6a3 3 0 1 1 0 6 3 3 0 0 1 0-6Z';
/** Canvas px between the framed incident and the panels over the map (or its edge). */
const FIT_MARGIN = 28;
/** Zoom range of a fit (the geo's scaleLimit is 0.7–14); below 600 m a side the picture is not zoomed in further. */
const FIT_LIMITS = { minZoom: 0.7, maxZoom: 12, minSpanM: 600 } as const;
/** An automatic fit is redone only once the picture outgrows the fitted extent grown by this share per side. */
const FIT_SLACK = 0.25;
const RESET_ICON = 'M11 2h2v3.1A7 7 0 0 1 18.9 11H22v2h-3.1A7 7 0 0 1 13 18.9V22h-2v-3.1A7 7 0 0 1 5.1 13H2v-2h3.1A7 7 0 0 1 11 5.1Zm1 5a5 5 0 1 0 0 10 5 5 0 0 0 0-10Zm0 3a2 2 0 1 1 0 4 2 2 0 0 1 0-4Z';
/** Arrowhead above a centred box: rotated about its centre it points the drone's heading. */
const HEADING_SYMBOL = 'path://M12 0L16 6H8ZM11.9 23.9h0.2v0.1h-0.2Z';
/** Tracks and hotspots shown: the last 10 minutes. */
export const MAP_HISTORY_MS = 10 * 60 * 1000;
const LEVELS: readonly ExposureLevel[] = ['none', 'oel', 'aegl1', 'aegl2', 'aegl3'];

export type MapViewState = { center: readonly [number, number]; zoom: number };

/**
 * Framing of the incident, kept with the view across re-mounts: the map frames each newly shown
 * picture (`key`) and follows it as it grows, until the user pans or zooms.
 */
export interface MapFitState {
  key: string | null;
  /** What the last fit covered (with slack); null: not fitted yet. */
  covered: GeoExtent | null;
  userMoved: boolean;
}

/** The alert side of the map: pins of open alerts, geofences, and the tools to draw or import them. */
export interface MapAlertLayer {
  center: AlertCenter;
  onAlert(alertId: string): void;
  /** Commander and up may create and delete geofences. */
  canEdit(): boolean;
}

/** A press that moves further than this (px) is a pan, not a click. */
const CLICK_SLOP_PX = 5;
const DRAFT_COLOR = '#ffffff';

/** Centre: the offline situation map with layers, toggles, optional tiles; click a device to open its panel. */
export class MapView {
  readonly root: HTMLElement;
  private readonly host: ChartHost;
  private readonly canvas: HTMLElement;
  private readonly kindLabels: Record<DeviceKind, string>;
  private readonly tiles: TileLayer | null;
  readonly geofenceTools: GeofenceToolsView | null;
  private readonly fenceCache = new Map<string, { key: string; fence: FleetMapGeofence }>();
  private moveFrame = 0;
  private readonly fitButton: HTMLButtonElement;

  constructor(
    private readonly store: FleetStore,
    onSelect: (deviceId: string) => void,
    private readonly layers: Set<MapLayer>,
    private readonly state: { view: MapViewState; fit?: MapFitState },
    tileConfig: TileSourceConfig | null,
    private readonly alertLayer: MapAlertLayer | null = null,
    private readonly situation: SituationMapLayer | null = null,
  ) {
    const p = panel('map', t('panel.map'), 'SITUATION MAP', 'map');
    this.root = p.root;
    this.canvas = h('div', { class: 'chart map-canvas', testid: 'map-canvas' });
    const reset = h('button', { class: 'map-reset', testid: 'map-reset', attrs: { type: 'button', title: t('map.reset'), 'aria-label': t('map.reset') } }, svgIcon(RESET_ICON));
    // Left of the reset button (the layer toggles sit below it).
    this.fitButton = h('button', { class: 'map-reset map-fit', testid: 'map-fit', attrs: { type: 'button', title: t('map.fitIncident'), 'aria-label': t('map.fitIncident'), style: 'right: 48px' } }, svgIcon(FIT_ICON));
    this.tiles = tileConfig ? new TileLayer(tileConfig, DEMO_CENTER, () => this.render(Date.now())) : null;
    this.geofenceTools = alertLayer
      ? new GeofenceToolsView(alertLayer.center, {
          draftChanged: () => this.drawDraft(),
          geofencesChanged: () => void alertLayer.center.loadGeofences(),
          canEdit: () => alertLayer.canEdit(),
        })
      : null;
    p.body.append(...(this.tiles ? [this.tiles.root] : []), this.canvas, this.legend(), this.toggles(), reset, ...(situation ? [this.fitButton] : []), ...(this.geofenceTools ? [this.geofenceTools.root] : []));
    this.kindLabels = { drone: t('kind.drone'), ms: t('kind.ms'), obd: t('kind.obd') };

    registerDemoBasemap();
    this.host = new ChartHost(this.canvas);
    this.host.on('click', (params) => {
      if (this.geofenceTools?.drawing) return;
      const q = params as { seriesId?: string; name?: string };
      if (q.seriesId?.startsWith(DEVICE_SERIES_PREFIX) && q.name) onSelect(q.name);
      if (q.seriesId === ALERT_SERIES_ID && q.name) alertLayer?.onAlert(q.name);
    });
    if (this.geofenceTools) this.listenForDrawing(this.geofenceTools);
    this.host.on('georoam', () => {
      const geo = (this.host.getOption() as { geo?: { center?: [number, number]; zoom?: number }[] } | undefined)?.geo?.[0];
      if (geo?.center && typeof geo.zoom === 'number') this.state.view = { center: [Number(geo.center[0]), Number(geo.center[1])], zoom: geo.zoom };
      this.fitState().userMoved = true;
      this.placeTiles();
    });
    reset.addEventListener('click', () => {
      this.state.view = DEFAULT_VIEW;
      this.fitState().userMoved = true;
      this.render(Date.now());
    });
    // Frames the incident now and follows it again as it grows, until the next pan or zoom.
    this.fitButton.addEventListener('click', () => {
      Object.assign(this.fitState(), { covered: null, userMoved: false });
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
    // Trails are drawn as they can be seen at this zoom: ten minutes of them, raw, made each redraw a long task.
    const scale = this.pixelScale();
    const tracks = this.store
      .devices()
      .filter((d) => d.kind === 'drone')
      .map((d) => ({ id: d.id, kind: d.kind, coords: simplifyTrack(this.store.trackOf(d.id).filter((p) => p.t >= since).map((p) => [p.lon, p.lat] as const), scale) }));
    const hotspotsHeld = this.store.hotspots(since).map((p) => ({ lon: p.lon, lat: p.lat, tempC: p.tempC, freshness: Math.max(0, Math.min(1, 1 - (now - p.t) / MAP_HISTORY_MS)), deviceId: p.deviceId }));
    const hotspots = thinMarks(hotspotsHeld, scale, (h) => hotspotColor(h.tempC, HOTSPOT_RAMP));
    const surveys = this.store
      .devices()
      .filter((d) => d.kind === 'ms')
      .flatMap((d) => this.store.surveyTrailOf(d.id).filter((p) => p.t >= since));
    const labels = DEMO_LABELS.map((l) => ({ id: l.id, text: t(l.textKey), coord: l.coord, role: l.role }));
    const alerts = this.alertPins();
    const geofences = this.fences();
    const draft = this.geofenceTools?.draft() ?? null;
    const surveyMarks = thinMarks(surveys, scale, (m) => m.level);
    const option = buildFleetMapOption({ devices, tracks, labels, hotspots, surveys: surveyMarks, alerts, geofences, draft }, this.config(now));
    // The situation picture (plumes, receptors, thermal extent) under the devices.
    if (this.situation) option.series = [...(Array.isArray(option.series) ? option.series : []), ...this.situation.series(this.layers)];
    this.host.setOption(option, { replaceMerge: ['series'] });
    this.frameIncident(devices);
    if (this.situation) for (const [name, value] of Object.entries(this.situation.attrs(this.layers, (c) => this.host.geoToPixel(c)))) setAttr(this.canvas, name, value);
    // The view shown (after any fit), for browser tests of the framing.
    setAttr(this.canvas, 'data-map-zoom', this.state.view.zoom.toFixed(3));
    setAttr(this.canvas, 'data-alerts', String(this.layers.has('alerts') ? alerts.length : 0));
    setAttr(this.canvas, 'data-geofences', String(this.layers.has('geofences') ? geofences.length : 0));
    setAttr(this.canvas, 'data-geofence-ids', JSON.stringify(this.layers.has('geofences') ? geofences.map((g) => g.id) : []));
    setAttr(this.canvas, 'data-devices', String(devices.length));
    setAttr(this.canvas, 'data-hotspots', String(this.layers.has('hotspots') ? hotspotsHeld.length : 0));
    setAttr(this.canvas, 'data-surveys', String(this.layers.has('surveys') ? surveys.length : 0));
    // What the trails cost the chart: track points, survey marks and hotspots it is given after thinning (bench:ui reads them).
    setAttr(this.canvas, 'data-drawn-trail-points', String(tracks.reduce((n, tr) => n + tr.coords.length, 0) + surveyMarks.length + hotspots.length));
    // Where each device is drawn, in canvas pixels: lets browser tests click a device on the map.
    const positions: Record<string, [number, number]> = {};
    for (const d of devices) {
      const px = this.host.geoToPixel([d.lon, d.lat]);
      if (px) positions[d.id] = [Math.round(px[0]), Math.round(px[1])];
    }
    setAttr(this.canvas, 'data-positions', JSON.stringify(positions));
    this.placeTiles();
  }

  private fitState(): MapFitState {
    return (this.state.fit ??= { key: null, covered: null, userMoved: false });
  }

  /** Fits the view to the incident when a new picture is shown or it outgrew the last fit, unless the user moved the map. */
  private frameIncident(devices: readonly FleetMapDevice[]): void {
    const frame = this.situation?.frame(devices.map((d) => [d.lon, d.lat] as const)) ?? null;
    this.fitButton.disabled = frame === null;
    if (!frame) return;
    const fit = this.fitState();
    if (frame.key !== fit.key) Object.assign(fit, { key: frame.key, covered: null, userMoved: false });
    if (fit.userMoved || (fit.covered && extentContains(fit.covered, frame.extent))) return;
    const size = { width: this.canvas.clientWidth, height: this.canvas.clientHeight };
    const view = fitView(frame.extent, this.state.view, (c) => this.host.geoToPixel(c), { size, padding: paddingAround(this.overlays(), size, FIT_MARGIN), ...FIT_LIMITS });
    if (!view) return; // chart not laid out yet: the next render fits
    this.state.view = view;
    this.host.setOption({ geo: { id: 'basemap', center: [view.center[0], view.center[1]], zoom: view.zoom } });
    const e = frame.extent;
    const slackLon = (e.maxLon - e.minLon) * FIT_SLACK;
    const slackLat = (e.maxLat - e.minLat) * FIT_SLACK;
    fit.covered = { minLon: e.minLon - slackLon, maxLon: e.maxLon + slackLon, minLat: e.minLat - slackLat, maxLat: e.maxLat + slackLat };
  }

  /** The panels laid over the map canvas (legend, toggles, tools, situation box), in canvas pixels. */
  private overlays(): PixelRect[] {
    const origin = this.canvas.getBoundingClientRect();
    return [...(this.canvas.parentElement?.children ?? [])]
      .filter((el) => el !== this.canvas && el !== this.tiles?.root)
      .map((el) => el.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0)
      .map((r) => ({ left: r.left - origin.left, top: r.top - origin.top, right: r.right - origin.left, bottom: r.bottom - origin.top }));
  }

  dispose(): void {
    cancelAnimationFrame(this.moveFrame);
    this.host.dispose();
  }

  /** Pixels per degree at the current view, or null before the chart is laid out (trails are then drawn raw). */
  private pixelScale(): PixelScale | null {
    if (!this.host.getOption()) return null; // no geo component before the first option: ECharts would throw
    const [lon, lat] = this.state.view.center;
    const a = this.host.geoToPixel([lon, lat]);
    const b = this.host.geoToPixel([lon + 0.01, lat + 0.01]);
    if (!a || !b || a[0] === b[0] || a[1] === b[1]) return null;
    return { x: Math.abs(b[0] - a[0]) / 0.01, y: Math.abs(b[1] - a[1]) / 0.01 };
  }

  private alertPins(): FleetMapAlert[] {
    if (!this.alertLayer) return [];
    return this.alertLayer.center.feed
      .open()
      .filter((a) => a.lat !== null && a.lon !== null)
      .map((a) => ({ id: a.id, lon: a.lon!, lat: a.lat!, level: a.level, drill: a.drill, overdue: a.overdue, title: a.title }));
  }

  /** Geofence rules as outlines; a circle's ring is computed once per rule version. */
  private fences(): FleetMapGeofence[] {
    if (!this.alertLayer) return [];
    const rules = this.alertLayer.center.geofences;
    const out: FleetMapGeofence[] = [];
    for (const r of rules) {
      if (r.kind !== 'geofence') continue;
      const key = `${r.updatedAt}|${r.enabled}`;
      let cached = this.fenceCache.get(r.id);
      if (!cached || cached.key !== key) {
        cached = { key, fence: { id: r.id, name: r.name, level: r.level, trigger: r.trigger, enabled: r.enabled, ring: geofenceRing(r.geometry), anchor: geofenceAnchor(r.geometry) } };
        this.fenceCache.set(r.id, cached);
      }
      out.push(cached.fence);
    }
    if (this.fenceCache.size > rules.length) for (const id of this.fenceCache.keys()) if (!rules.some((r: AlertRule) => r.id === id)) this.fenceCache.delete(id);
    return out;
  }

  /** Only the draft's two series: the rubber band follows the pointer without a full redraw. */
  private drawDraft(): void {
    const tools = this.geofenceTools;
    if (!tools) return;
    this.canvas.classList.toggle('drawing', tools.drawing);
    if (!this.host.getOption()) return; // not initialised yet: the next full render draws it
    this.host.setOption({ series: geofenceDraftSeries(tools.draft(), DRAFT_COLOR) });
  }

  /** While drawing, a click on the map (not a pan) is a vertex, a double-click closes the shape. */
  private listenForDrawing(tools: GeofenceToolsView): void {
    let down: [number, number] | null = null;
    const geoAt = (e: MouseEvent) => {
      const rect = this.canvas.getBoundingClientRect();
      return this.host.pixelToGeo([e.clientX - rect.left, e.clientY - rect.top]);
    };
    this.canvas.addEventListener('pointerdown', (e) => (down = [e.clientX, e.clientY]));
    this.canvas.addEventListener('click', (e) => {
      if (!tools.drawing) return;
      const moved = down ? Math.hypot(e.clientX - down[0], e.clientY - down[1]) : 0;
      const p = geoAt(e);
      if (moved <= CLICK_SLOP_PX && p) tools.mapClick(p);
    });
    this.canvas.addEventListener('dblclick', (e) => {
      if (!tools.drawing) return;
      e.preventDefault();
      tools.mapDoubleClick();
    });
    this.canvas.addEventListener('mousemove', (e) => {
      if (!tools.drawing) return;
      cancelAnimationFrame(this.moveFrame);
      this.moveFrame = requestAnimationFrame(() => tools.mapMove(geoAt(e)));
    });
    this.canvas.addEventListener('mouseleave', () => tools.drawing && tools.mapMove(null));
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
      alertColors: ALERT_LEVEL_COLORS,
      draftColor: DRAFT_COLOR,
      geofenceLabel: (g) => `${g.name} · ${t(TRIGGER_KEY[g.trigger])}`,
      describeAlert: (a) => {
        const full = this.alertLayer?.center.feed.get(a.id);
        const drill = a.drill ? ` · ${t('alerts.drill')}` : '';
        const state = full ? ` · ${t(STATE_KEY[full.state])}` : '';
        return `<b style="color:${ALERT_LEVEL_COLORS[a.level]}">${t(LEVEL_KEY[a.level])}</b>${drill}${state}<br/>${escapeHtml(a.title)}${full?.deviceId ? `<br/>${escapeHtml(full.deviceId)}` : ''}`;
      },
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
    items.push(h('li', { class: 'legend-item alert-pin' }, h('span', { class: 'legend-swatch pin' }), h('span', { text: t('layer.alerts') })));
    items.push(h('li', { class: 'legend-item geofence' }, h('span', { class: 'legend-swatch fence' }), h('span', { text: t('layer.geofences') })));
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
