import { alertLevelRank, PLUME_BANDS, type AlertLevel, type PlumeSnapshot, type PlumeZone, type Receptor, type ReceptorKind, type SituationSnapshot, type ThermalExtent } from '@tianyan/contracts';
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn } from 'echarts';
import type { EChartsOption } from '../charts/echarts-registry';
import { driftArrow, plumeLabelPlace } from './situation-annotations';
import { outerRings, receptorAnchor, receptorOutlines, ringCenter, type LonLat } from './situation-geometry';

type Series = Extract<NonNullable<EChartsOption['series']>, unknown[]>;

/** Same canvas layer as the map's live series (charts/fleet-map.option.ts DYNAMIC_LAYER). */
const DYNAMIC_LAYER = 1;
/** Fill opacity of a plume band (bands nest, so the core of a plume reads deeper); a drill's a little fainter. */
const PLUME_FILL_ALPHA = 0.3;
const DRILL_FILL_ALPHA = 0.22;
/**
 * Overlapping labels are hidden by priority, which ECharts takes from the label's host symbol area:
 * a plume label's (invisible) host is sized by its level so it outranks device labels (20 px icons)
 * and a higher level outranks a lower one.
 */
const PLUME_LABEL_HOST_PX = 24;
const RECEPTOR_PX: Readonly<Record<ReceptorState, number>> = { inside: 22, downwind: 20, safe: 15 };

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
  /** Short on-map text (the compound); the detail is in `describeZone`, the tooltip of the zone it sits on. */
  readonly plumeLabel: (plume: PlumeSnapshot, snapshot: SituationSnapshot) => string;
  readonly describeZone: (zone: PlumeZone, plume: PlumeSnapshot, snapshot: SituationSnapshot) => string;
  /** Short on-map text; the detail is in `describeThermal`, its tooltip. */
  readonly thermalLabel: (thermal: ThermalExtent, snapshot: SituationSnapshot) => string;
  readonly describeThermal: (thermal: ThermalExtent, snapshot: SituationSnapshot) => string;
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
          fill: withAlpha(color, s.drill ? DRILL_FILL_ALPHA : PLUME_FILL_ALPHA),
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
    return rings.length === 0 ? [] : [{ id: `${s.incidentId}|thermal`, rings, rank: 0, fill: withAlpha(config.thermalColor, 0.14), stroke: config.thermalColor, dashed: true, tooltip: config.describeThermal(s.thermal, s) }];
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

/** Polygons of one area as a custom-series group, projected through the map's geo. */
export function renderArea(area: SituationArea, api: Pick<CustomSeriesRenderItemAPI, 'coord'>): CustomSeriesRenderItemReturn {
  return {
    type: 'group',
    children: area.rings.map((ring) => ({
      type: 'polygon' as const,
      z2: area.rank,
      shape: { points: ring.map((c) => api.coord([c[0], c[1]])) },
      style: { fill: area.fill, stroke: area.stroke, lineWidth: 2, lineDash: area.dashed ? [6, 4] : undefined },
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
      labelLayout: { hideOverlap: true },
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
      symbolSize: [5, 14],
      // In the colour of the plume's highest level: two plumes drifting together stay apart.
      data: plumes.flatMap(({ s, p }) => {
        const arrow = driftArrow(p);
        return arrow ? [{ name: `${s.incidentId}|${p.cas}`, coords: [[arrow[0][0], arrow[0][1]], [arrow[1][0], arrow[1][1]]], lineStyle: { color: config.alertColors[p.zones[0]!.level], width: 2.5, opacity: 0.95 } }] : [];
      }),
    },
    {
      id: 'situation-plume-labels',
      type: 'scatter',
      coordinateSystem: 'geo',
      zlevel: DYNAMIC_LAYER,
      // Silent (its big invisible host must not catch clicks meant for devices) and above the pins and icons.
      silent: true,
      z: 7,
      // Plume labels that collide (plumes share a source) are stacked apart first; what still collides is hidden, lower levels first.
      labelLayout: { moveOverlap: 'shiftY' as const, hideOverlap: true },
      data: plumes.flatMap(({ s, p }) => {
        const place = plumeLabelPlace(p);
        if (!place) return [];
        const top = p.zones[0]!;
        const host = PLUME_LABEL_HOST_PX + 4 * alertLevelRank(top.level);
        return [{
          name: `${s.incidentId}|${p.cas}`,
          value: [place.anchor[0], place.anchor[1]],
          symbolSize: host,
          itemStyle: { color: 'rgba(0,0,0,0)' },
          // Measured from the host's edge: pulled back to 4 px off the zone's edge.
          label: { show: true, position: place.side, distance: 4 - host / 2, formatter: config.plumeLabel(p, s), color: config.alertColors[top.level], fontSize: 13, fontWeight: 'bold' as const, textBorderColor: '#000', textBorderWidth: 3 },
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
      labelLayout: { hideOverlap: true },
      tooltip: { formatter: (p: { data?: unknown }) => config.describeReceptor((p.data as { marker: ReceptorMarker }).marker) },
      // Inside (worst) last: drawn on top of the others.
      data: [...markers]
        .sort((a, b) => (a.state === b.state ? 0 : a.state === 'inside' ? 1 : b.state === 'inside' ? -1 : a.state === 'downwind' ? 1 : -1))
        .map((m) => ({
          name: m.id,
          value: [m.lon, m.lat],
          marker: m,
          symbol: config.receptorSymbol(m.kind),
          symbolSize: RECEPTOR_PX[m.state],
          // Named when it matters (inside or downwind), in its status colour; a safe one only on hover.
          label: { show: m.state !== 'safe', position: 'right' as const, distance: 4, formatter: m.name, color: m.state === 'downwind' ? config.downwindColor : markerColor(m), fontSize: 12, fontWeight: 'bold' as const, textBorderColor: '#000', textBorderWidth: 2 },
          itemStyle:
            m.state === 'downwind'
              ? { color: withAlpha(config.safeColor, 0.9), borderColor: config.downwindColor, borderWidth: 2 }
              : { color: markerColor(m), borderColor: 'rgba(0,0,0,0.7)', borderWidth: 1, opacity: m.state === 'safe' ? 0.75 : 1 },
        })),
    },
  ];
}
