import type { DeviceKind } from '@tianyan/contracts';
import { ChartHost } from '../charts/chart-host';
import { buildFleetMapOption, DEVICE_SERIES_PREFIX, KIND_ORDER, type FleetMapConfig, type FleetMapDevice } from '../charts/fleet-map.option';
import { PALETTE } from '../charts/theme';
import { formatAge } from '../format/format';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { DEMO_BASEMAP, DEMO_CENTER, DEMO_LABELS } from '../map/basemap';
import { kindSymbol, KIND_ICON_PATHS } from '../map/kind-icons';
import { registerDemoBasemap } from '../map/register-basemap';
import type { FleetStore } from '../state/fleet-store';
import { h, panel, svgIcon } from './dom';

const DEFAULT_VIEW = { center: DEMO_CENTER, zoom: 1.3 } as const;
const RESET_ICON = 'M11 2h2v3.1A7 7 0 0 1 18.9 11H22v2h-3.1A7 7 0 0 1 13 18.9V22h-2v-3.1A7 7 0 0 1 5.1 13H2v-2h3.1A7 7 0 0 1 11 5.1Zm1 5a5 5 0 1 0 0 10 5 5 0 0 0 0-10Zm0 3a2 2 0 1 1 0 4 2 2 0 0 1 0-4Z';

/** Centre: the offline situation map with devices, drone tracks and the selected device. */
export class MapView {
  readonly root: HTMLElement;
  private readonly host: ChartHost;
  private view: { center: readonly [number, number]; zoom: number } = DEFAULT_VIEW;
  private readonly kindLabels: Record<DeviceKind, string>;

  constructor(private readonly store: FleetStore, onSelect: (deviceId: string) => void) {
    const p = panel('map', t('panel.map'), 'SITUATION MAP', 'map');
    this.root = p.root;
    const canvas = h('div', { class: 'chart map-canvas', testid: 'map-canvas' });
    const reset = h('button', { class: 'map-reset', testid: 'map-reset', attrs: { type: 'button', title: 'reset view', 'aria-label': 'reset view' } }, svgIcon(RESET_ICON));
    p.body.append(canvas, this.legend(), reset);
    this.kindLabels = { drone: t('kind.drone'), ms: t('kind.ms'), obd: t('kind.obd') };

    registerDemoBasemap();
    this.host = new ChartHost(canvas);
    this.host.on('click', (params) => {
      const p = params as { seriesId?: string; name?: string };
      if (p.seriesId?.startsWith(DEVICE_SERIES_PREFIX) && p.name) onSelect(p.name);
    });
    this.host.on('georoam', () => {
      const geo = (this.host.getOption() as { geo?: { center?: [number, number]; zoom?: number }[] } | undefined)?.geo?.[0];
      if (geo?.center && typeof geo.zoom === 'number') this.view = { center: [Number(geo.center[0]), Number(geo.center[1])], zoom: geo.zoom };
    });
    reset.addEventListener('click', () => {
      this.view = DEFAULT_VIEW;
      this.render(Date.now());
    });
  }

  render(now: number): void {
    const selectedId = this.store.selectedId;
    const devices: FleetMapDevice[] = [];
    for (const d of this.store.devices()) {
      if (!d.position) continue;
      devices.push({ id: d.id, kind: d.kind, lon: d.position.lon, lat: d.position.lat, online: d.online, late: d.position.late, selected: d.id === selectedId });
    }
    const tracks = this.store
      .devices()
      .filter((d) => d.kind === 'drone')
      .map((d) => ({ id: d.id, kind: d.kind, coords: this.store.trackOf(d.id).map((p) => [p.lon, p.lat] as const) }));
    const labels = DEMO_LABELS.map((l) => ({ id: l.id, text: t(l.textKey), coord: l.coord, role: l.role }));
    this.host.setOption(buildFleetMapOption({ devices, tracks, labels }, this.config(now)), { replaceMerge: ['series'] });
  }

  dispose(): void {
    this.host.dispose();
  }

  private config(now: number): FleetMapConfig {
    const m = PALETTE.map;
    return {
      mapName: registerDemoBasemap(),
      regions: DEMO_BASEMAP.features.map((f) => ({ name: f.properties.name, role: f.properties.role })),
      roleStyles: {
        land: { areaColor: m.land, borderColor: m.landBorder, borderWidth: 0 },
        water: { areaColor: m.water, borderColor: m.waterBorder, borderWidth: 1 },
        zone1: { areaColor: m.zone1, borderColor: m.zone1Border, borderWidth: 1.2, borderType: 'dashed' },
        zone2: { areaColor: m.zone2, borderColor: m.zone2Border, borderWidth: 1, borderType: 'dashed' },
        plant: { areaColor: m.plant, borderColor: m.plantBorder, borderWidth: 1.4 },
        road: { areaColor: m.road, borderColor: m.road, borderWidth: 2 },
        bridge: { areaColor: m.bridge, borderColor: m.bridge, borderWidth: 3 },
      },
      view: this.view,
      kindLabels: this.kindLabels,
      kindColors: PALETTE.kind,
      kindSymbols: { drone: kindSymbol('drone'), ms: kindSymbol('ms'), obd: kindSymbol('obd') },
      offlineColor: PALETTE.offline,
      lateColor: PALETTE.late,
      selectedColor: '#ffffff',
      labelColor: m.label,
      textColor: PALETTE.text,
      describeDevice: (d) => {
        const view = this.store.device(d.id);
        const age = view?.lastDataTime == null ? '—' : formatAge(now - view.lastDataTime, t);
        const state = view ? t(`state.${view.state}` as MessageKey) : '';
        const late = d.late ? ` · <span style="color:${PALETTE.late}">${t('device.late')}</span>` : '';
        return `<b>${escapeHtml(d.id)}</b> · ${this.kindLabels[d.kind]}<br/>${state} · ${t('device.age')} ${age}${late}`;
      },
    };
  }

  private legend(): HTMLElement {
    const items = KIND_ORDER.map((kind) =>
      h('li', { class: `legend-item kind-${kind}` }, svgIcon(KIND_ICON_PATHS[kind], 'icon legend-icon'), h('span', { text: t(`kind.${kind}` as MessageKey) })),
    );
    items.push(h('li', { class: 'legend-item late' }, h('span', { class: 'legend-swatch late' }), h('span', { text: t('chart.late') })));
    items.push(h('li', { class: 'legend-item zone' }, h('span', { class: 'legend-swatch zone' }), h('span', { text: t('map.waterZone1') })));
    items.push(h('li', { class: 'legend-item plant' }, h('span', { class: 'legend-swatch plant' }), h('span', { text: t('map.plant') })));
    return h('ul', { class: 'map-legend' }, ...items);
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
