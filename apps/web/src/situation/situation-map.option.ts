import { alertLevelRank, PLUME_BANDS, type AlertLevel, type PlumeSnapshot, type PlumeZone, type Receptor, type ReceptorKind, type SituationSnapshot, type ThermalExtent } from '@tianyan/contracts';
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn } from 'echarts';
import type { EChartsOption } from '../charts/echarts-registry';
import { destination, outerRings, receptorAnchor, receptorOutlines, ringCenter, type LonLat } from './situation-geometry';

type Series = Extract<NonNullable<EChartsOption['series']>, unknown[]>;

/** Same canvas layer as the map's live series (charts/fleet-map.option.ts DYNAMIC_LAYER). */
const DYNAMIC_LAYER = 1;
/** The drift arrow shows where the centroid would be in this long at the current speed. */
export const DRIFT_ARROW_S = 600;
const DRIFT_ARROW_MIN_M = 80;
const DRIFT_ARROW_MAX_M = 4000;

export type SituationLayer = 'plumes' | 'receptors' | 'thermal';
export type ReceptorState = 'inside' | 'downwind' | 'safe';

/** One filled area on the map: a plume band or the thermal extent. */
export interface SituationArea {
  readonly id: string;
  readonly rings: readonly (readonly LonLat[])[];
  /** Draw order: a higher rank is drawn on top. */
  readonly rank: number;
  readonly fill: string;
  readonly stroke: string;
  readonly dashed: boolean;
  readonly tooltip: string;
}

export interface ReceptorMarker {
  readonly id: string;
  readonly name: string;
  readonly kind: ReceptorKind;
  readonly population: number | null;
  readonly lon: number;
  readonly lat: number;
  readonly outlines: readonly (readonly LonLat[])[];
  readonly state: ReceptorState;
  /** The zone it lies in (state inside). */
  readonly level: AlertLevel | null;
  readonly band: string | null;
  readonly cas: string | null;
  readonly distanceM: number | null;
}

export interface SituationMapConfig {
  readonly layers: ReadonlySet<SituationLayer>;
  readonly alertColors: Readonly<Record<AlertLevel, string>>;
  readonly safeColor: string;
  readonly downwindColor: string;
  readonly thermalColor: string;
  readonly textColor: string;
  readonly receptorSymbol: (kind: ReceptorKind) => string;
  readonly plumeLabel: (plume: PlumeSnapshot, snapshot: SituationSnapshot) => string;
  readonly describeZone: (zone: PlumeZone, plume: PlumeSnapshot, snapshot: SituationSnapshot) => string;
  readonly thermalLabel: (thermal: ThermalExtent, snapshot: SituationSnapshot) => string;
  readonly describeReceptor: (marker: ReceptorMarker) => string;
}

/** `#rrggbb` at an alpha, for the semi-transparent fills. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) return hex;
  const n = parseInt(m[1]!, 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

/** Plume bands of every snapshot, lowest band first so the highest is drawn on top. */
export function plumeAreas(snapshots: readonly SituationSnapshot[], config: SituationMapConfig): SituationArea[] {
  const out: SituationArea[] = [];
  for (const s of snapshots) {
    for (const p of s.plumes) {
      for (const z of p.zones) {
        const rings = outerRings(z.polygon);
        if (rings.length === 0) continue;
        const color = config.alertColors[z.level] ?? config.alertColors.blue;
        const bandRank = Math.max(0, PLUME_BANDS.indexOf(z.band));
        out.push({
          id: `${s.incidentId}|${p.cas}|${z.band}`,
          rings,
          rank: bandRank * 10 + alertLevelRank(z.level),
          fill: withAlpha(color, s.drill ? 0.12 : 0.22),
          stroke: color,
          dashed: s.drill,
          tooltip: config.describeZone(z, p, s),
        });
      }
    }
  }
  return out.sort((a, b) => a.rank - b.rank);
}

export function thermalAreas(snapshots: readonly SituationSnapshot[], config: SituationMapConfig): SituationArea[] {
  return snapshots.flatMap((s) => {
    if (!s.thermal) return [];
    const rings = outerRings(s.thermal.polygon);
    return rings.length === 0 ? [] : [{ id: `${s.incidentId}|thermal`, rings, rank: 0, fill: withAlpha(config.thermalColor, 0.14), stroke: config.thermalColor, dashed: true, tooltip: config.thermalLabel(s.thermal, s) }];
  });
}

/**
 * Receptors with their worst status over the shown incidents: inside a zone (highest level) over
 * downwind over safe. A receptor the pictures do not mention is safe.
 */
export function receptorMarkers(receptors: readonly Receptor[], snapshots: readonly SituationSnapshot[]): ReceptorMarker[] {
  const worst = new Map<string, { state: ReceptorState; level: AlertLevel | null; band: string | null; cas: string | null; distanceM: number | null }>();
  const score = (st: { state: ReceptorState; level: AlertLevel | null }) => (st.state === 'inside' ? 10 + alertLevelRank(st.level ?? 'blue') : st.state === 'downwind' ? 1 : 0);
  for (const s of snapshots) {
    for (const r of s.receptors) {
      const next = r.inside
        ? { state: 'inside' as const, level: r.inside.level, band: r.inside.band, cas: r.inside.cas, distanceM: 0 }
        : { state: r.downwind ? ('downwind' as const) : ('safe' as const), level: null, band: null, cas: null, distanceM: r.distanceM };
      const current = worst.get(r.receptorId);
      if (!current || score(next) > score(current) || (score(next) === score(current) && (next.distanceM ?? Infinity) < (current.distanceM ?? Infinity))) worst.set(r.receptorId, next);
    }
  }
  const out: ReceptorMarker[] = [];
  for (const r of receptors) {
    const anchor = receptorAnchor(r.geometry);
    if (!anchor) continue;
    const st = worst.get(r.id) ?? { state: 'safe' as const, level: null, band: null, cas: null, distanceM: null };
    out.push({ id: r.id, name: r.name, kind: r.kind, population: r.population, lon: anchor[0], lat: anchor[1], outlines: receptorOutlines(r.geometry), ...st });
  }
  return out;
}

/** The northernmost vertex of some rings: where a zone's label sits. */
export function northernmost(rings: readonly (readonly LonLat[])[]): LonLat | null {
  let best: LonLat | null = null;
  for (const ring of rings) for (const p of ring) if (!best || p[1] > best[1]) best = p;
  return best;
}

/** The arrow from a plume's centroid along its drift, or null without a centroid or drift. */
export function driftArrow(plume: PlumeSnapshot): [LonLat, LonLat] | null {
  if (!plume.centroid || !plume.drift || !Number.isFinite(plume.drift.towardDeg) || !Number.isFinite(plume.drift.speedMs)) return null;
  const from: LonLat = [plume.centroid.lon, plume.centroid.lat];
  const length = Math.min(DRIFT_ARROW_MAX_M, Math.max(DRIFT_ARROW_MIN_M, plume.drift.speedMs * DRIFT_ARROW_S));
  return [from, destination(from, plume.drift.towardDeg, length)];
}

/** Polygons of one area as a custom-series group, projected through the map's geo. */
export function renderArea(area: SituationArea, api: Pick<CustomSeriesRenderItemAPI, 'coord'>): CustomSeriesRenderItemReturn {
  return {
    type: 'group',
    children: area.rings.map((ring) => ({
      type: 'polygon' as const,
      z2: area.rank,
      shape: { points: ring.map((c) => api.coord([c[0], c[1]])) },
      style: { fill: area.fill, stroke: area.stroke, lineWidth: 1.5, lineDash: area.dashed ? [6, 4] : undefined },
    })),
  };
}

function areaSeries(id: string, areas: readonly SituationArea[], z: number): Series[number] {
  return {
    id,
    type: 'custom',
    coordinateSystem: 'geo',
    zlevel: DYNAMIC_LAYER,
    z,
    // A custom series on geo needs a [lon, lat] per item: the area's first vertex.
    data: areas.map((a) => ({ name: a.id, value: [a.rings[0]![0]![0], a.rings[0]![0]![1]] })),
    renderItem: (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI) => {
      const area = areas[params.dataIndex];
      return area ? renderArea(area, api) : null;
    },
    tooltip: { formatter: (p: { dataIndex?: number }) => areas[p.dataIndex ?? -1]?.tooltip ?? '' },
  };
}

/** The situation layers on the map: thermal extent, plume bands with labels and drift arrows, receptors. */
export function buildSituationSeries(snapshots: readonly SituationSnapshot[], receptors: readonly Receptor[], config: SituationMapConfig): Series {
  const on = (l: SituationLayer) => config.layers.has(l);
  const thermal = on('thermal') ? thermalAreas(snapshots, config) : [];
  const zones = on('plumes') ? plumeAreas(snapshots, config) : [];
  const plumes = on('plumes') ? snapshots.flatMap((s) => s.plumes.filter((p) => p.zones.length > 0).map((p) => ({ s, p }))) : [];
  const thermalLabels = on('thermal') ? snapshots.filter((s) => s.thermal && outerRings(s.thermal.polygon).length > 0) : [];
  const markers = on('receptors') ? receptorMarkers(receptors, snapshots) : [];
  const markerColor = (m: ReceptorMarker) => (m.state === 'inside' ? (config.alertColors[m.level ?? 'blue'] ?? config.safeColor) : config.safeColor);

  return [
    areaSeries('situation-thermal', thermal, 1),
    {
      id: 'situation-thermal-labels',
      type: 'scatter',
      coordinateSystem: 'geo',
      zlevel: DYNAMIC_LAYER,
      silent: true,
      z: 3,
      symbolSize: 1,
      data: thermalLabels.map((s) => {
        const anchor = s.thermal!.hottest ? ([s.thermal!.hottest.lon, s.thermal!.hottest.lat] as const) : ringCenter(outerRings(s.thermal!.polygon)[0]!)!;
        return {
          name: `${s.incidentId}|thermal`,
          value: [anchor[0], anchor[1]],
          itemStyle: { color: 'rgba(0,0,0,0)' },
          label: { show: true, position: 'bottom' as const, formatter: config.thermalLabel(s.thermal!, s), color: config.thermalColor, fontSize: 11, textBorderColor: '#000', textBorderWidth: 2 },
        };
      }),
    },
    areaSeries('situation-plumes', zones, 2),
    {
      id: 'situation-drift',
      type: 'lines',
      coordinateSystem: 'geo',
      zlevel: DYNAMIC_LAYER,
      silent: true,
      z: 3,
      symbol: ['circle', 'arrow'],
      symbolSize: [5, 12],
      data: plumes.flatMap(({ s, p }) => {
        const arrow = driftArrow(p);
        return arrow ? [{ name: `${s.incidentId}|${p.cas}`, coords: [[arrow[0][0], arrow[0][1]], [arrow[1][0], arrow[1][1]]], lineStyle: { color: config.textColor, width: 2, opacity: 0.9 } }] : [];
      }),
    },
    {
      id: 'situation-plume-labels',
      type: 'scatter',
      coordinateSystem: 'geo',
      zlevel: DYNAMIC_LAYER,
      silent: true,
      z: 3,
      symbolSize: 1,
      labelLayout: { hideOverlap: true },
      data: plumes.flatMap(({ s, p }) => {
        // Above the outermost zone, clear of the core and of the drift arrow.
        const anchor = northernmost(outerRings(p.zones[p.zones.length - 1]!.polygon)) ?? (p.centroid ? ([p.centroid.lon, p.centroid.lat] as const) : null);
        if (!anchor) return [];
        const top = p.zones[0]!;
        return [{
          name: `${s.incidentId}|${p.cas}`,
          value: [anchor[0], anchor[1]],
          itemStyle: { color: 'rgba(0,0,0,0)' },
          label: { show: true, position: 'top' as const, distance: 4, formatter: config.plumeLabel(p, s), color: config.alertColors[top.level], fontSize: 12, fontWeight: 'bold' as const, textBorderColor: '#000', textBorderWidth: 2 },
        }];
      }),
    },
    {
      id: 'situation-receptor-outlines',
      type: 'lines',
      coordinateSystem: 'geo',
      zlevel: DYNAMIC_LAYER,
      polyline: true,
      silent: true,
      z: 3,
      data: markers.flatMap((m) => m.outlines.map((ring) => ({ name: m.id, coords: ring.map((c) => [c[0], c[1]]), lineStyle: { color: m.state === 'downwind' ? config.downwindColor : markerColor(m), width: 1.2, type: 'dotted' as const, opacity: 0.85 } }))),
    },
    {
      id: 'situation-receptors',
      type: 'scatter',
      coordinateSystem: 'geo',
      zlevel: DYNAMIC_LAYER,
      z: 4,
      symbolKeepAspect: true,
      symbolSize: 16,
      tooltip: { formatter: (p: { data?: unknown }) => config.describeReceptor((p.data as { marker: ReceptorMarker }).marker) },
      // Inside (worst) last: drawn on top of the others.
      data: [...markers]
        .sort((a, b) => (a.state === b.state ? 0 : a.state === 'inside' ? 1 : b.state === 'inside' ? -1 : a.state === 'downwind' ? 1 : -1))
        .map((m) => ({
          name: m.id,
          value: [m.lon, m.lat],
          marker: m,
          symbol: config.receptorSymbol(m.kind),
          itemStyle:
            m.state === 'downwind'
              ? { color: withAlpha(config.safeColor, 0.9), borderColor: config.downwindColor, borderWidth: 2 }
              : { color: markerColor(m), borderColor: 'rgba(0,0,0,0.7)', borderWidth: 1, opacity: m.state === 'safe' ? 0.75 : 1 },
        })),
    },
  ];
}
