import type { PlumeSnapshot } from '@tianyan/contracts';
import type { MapLayer } from '../charts/fleet-map.option';
import { ALERT_LEVEL_COLORS } from '../alerts/alert-colors';
import { formatValue } from '../format/format';
import { getLocale, gasName, t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import type { SituationController } from './situation-controller';
import { receptorSymbol } from './receptor-icons';
import { compassPoint } from './situation-panel-model';
import type { GeoExtent } from '../map/fit-view';
import { situationExtent } from './situation-extent';
import type { LonLat } from './situation-geometry';
import { buildSituationSeries, receptorMarkers, type ReceptorMarker, type SituationLayer, type SituationMapConfig } from './situation-map.option';

export const SITUATION_LAYERS: readonly SituationLayer[] = ['plumes', 'receptors', 'thermal'];
const SAFE_COLOR = '#8a98a8';
const DOWNWIND_COLOR = '#ffb300';
const THERMAL_COLOR = '#ff6e28';

/** The situation layers as the map view draws them: series to append, counts for tests. */
export class SituationMapLayer {
  constructor(private readonly situation: SituationController) {}

  series(layers: ReadonlySet<MapLayer>): ReturnType<typeof buildSituationSeries> {
    return buildSituationSeries(this.situation.store.visible(), this.situation.receptors, this.config(layers));
  }

  /**
   * The incident's extent the map frames (see situationExtent), with a key that changes when the
   * screen shows other incidents or switches between live and replay. Null with nothing to frame.
   */
  frame(devices: readonly LonLat[]): { key: string; extent: GeoExtent } | null {
    const snapshots = this.situation.store.visible();
    const extent = situationExtent(snapshots, this.situation.receptors, devices);
    if (!extent) return null;
    const ids = snapshots.map((s) => s.incidentId).sort();
    return { key: `${this.situation.store.kind}|${ids.join(',')}`, extent };
  }

  /** `data-*` of the map canvas: what is drawn and where receptors are (canvas px), for browser tests. */
  attrs(layers: ReadonlySet<MapLayer>, toPixel: (lonLat: [number, number]) => number[] | null | undefined): Record<string, string> {
    const snapshots = this.situation.store.visible();
    const zones = layers.has('plumes') ? snapshots.reduce((n, s) => n + s.plumes.reduce((m, p) => m + p.zones.length, 0), 0) : 0;
    const markers = layers.has('receptors') ? receptorMarkers(this.situation.receptors, snapshots) : [];
    return {
      'data-plume-zones': String(zones),
      'data-receptors': String(markers.length),
      'data-receptors-inside': String(markers.filter((m) => m.state === 'inside').length),
      'data-thermal': String(layers.has('thermal') ? snapshots.filter((s) => s.thermal).length : 0),
      'data-receptor-positions': JSON.stringify(
        Object.fromEntries(markers.flatMap((m) => {
          const px = toPixel([m.lon, m.lat]);
          return px ? [[m.id, [Math.round(px[0]!), Math.round(px[1]!)]]] : [];
        })),
      ),
    };
  }

  private config(layers: ReadonlySet<MapLayer>): SituationMapConfig {
    const locale = getLocale();
    const compound = (cas: string, reported: string) => gasName(locale, cas, reported);
    const drill = (d: boolean) => (d ? ` · ${t('incident.drill')}` : '');
    return {
      layers: new Set(SITUATION_LAYERS.filter((l) => layers.has(l))),
      alertColors: ALERT_LEVEL_COLORS,
      safeColor: SAFE_COLOR,
      downwindColor: DOWNWIND_COLOR,
      thermalColor: THERMAL_COLOR,
      textColor: '#eaf2fb',
      receptorSymbol,
      // On the map only the compound: area, peak and drift are in the tooltips and the situation panel.
      plumeLabel: (p) => compound(p.cas, p.compound),
      describeZone: (z, p, s) =>
        `<b style="color:${ALERT_LEVEL_COLORS[z.level]}">${escapeHtml(compound(p.cas, p.compound))} · ${t(`sit.band.${z.band}` as MessageKey)}</b>${drill(s.drill)}<br/>` +
        `${t('sit.threshold', { ppm: formatValue(z.thresholdPpm), basis: escapeHtml(z.basis) })}<br/>${t('sit.areaOf', { area: formatValue(z.areaKm2) })} · ${t('sit.maxPpm')} ${formatValue(p.maxPpm)}${driftText(p.drift)}`,
      thermalLabel: (th) => t('sit.thermalShort', { temp: formatValue(th.hottestC) }),
      describeThermal: (th, s) => `${t('sit.thermalLabel', { area: formatValue(Math.round(th.areaM2)), temp: formatValue(th.hottestC) })}${drill(s.drill)}`,
      describeReceptor: (m) => describeReceptor(m, locale),
    };
  }
}

function driftText(drift: PlumeSnapshot['drift']): string {
  return drift ? `<br/>${t('sit.driftOf', { dir: t(`sit.dir.${compassPoint(drift.towardDeg)}` as MessageKey), speed: formatValue(drift.speedMs) })}` : '';
}

function describeReceptor(m: ReceptorMarker, locale: string): string {
  const status =
    m.state === 'inside'
      ? `<b style="color:${ALERT_LEVEL_COLORS[m.level ?? 'blue']}">${t('sit.state.inside', { band: t(`sit.band.${m.band ?? 'extent'}` as MessageKey) })}</b>${m.cas ? ` · ${escapeHtml(gasName(locale === 'en' ? 'en' : 'zh-CN', m.cas))}` : ''}`
      : m.state === 'downwind'
        ? `<b style="color:${DOWNWIND_COLOR}">${t('sit.state.downwind')}</b>`
        : t('sit.state.safe');
  const population = m.population === null ? '' : ` · ${t('sit.population', { n: m.population })}`;
  const distance = m.distanceM === null || m.state === 'inside' ? '' : `<br/>${t('sit.distance', { d: formatValue(Math.round(m.distanceM)) })}`;
  return `<b>${escapeHtml(m.name)}</b> · ${t(`receptor.kind.${m.kind}` as MessageKey)}${population}<br/>${status}${distance}`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
