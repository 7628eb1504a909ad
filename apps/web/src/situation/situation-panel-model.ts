import { PLUME_BANDS, type AlertLevel, type Incident, type PlumeBand, type PlumeEstimate, type SituationSnapshot } from '@tianyan/contracts';

export interface BandCount {
  band: PlumeBand;
  level: AlertLevel;
  count: number;
}

export interface PlumeRow {
  cas: string;
  compound: string;
  maxPpm: number;
  extentAreaKm2: number;
  /** Colour of the highest band reached; null when no band is reached. */
  topLevel: AlertLevel | null;
  drift: { towardDeg: number; speedMs: number } | null;
  growthPctPerMin: number | null;
  /** How the field was drawn; null on snapshots stored before plumes said so. */
  estimate: PlumeEstimate | null;
  /** Receptors inside each band of this compound, highest band first; bands with none left out. */
  inside: BandCount[];
}

export interface ThermalRow {
  areaM2: number;
  hottestC: number;
  growthPctPerMin: number | null;
}

export interface SituationPanelIncident {
  incidentId: string;
  /** The incident's code when known, else its id. */
  label: string;
  title: string | null;
  drill: boolean;
  at: number;
  plumes: PlumeRow[];
  /** Receptors inside any zone, and downwind but not (yet) inside. */
  insideTotal: number;
  downwind: number;
  thermal: ThermalRow | null;
}

export type IncidentInfo = Pick<Incident, 'code' | 'title' | 'drill'>;

/**
 * What the Situation panel shows, per incident: for each compound its peak, area, drift, growth
 * and receptors inside each band; the receptors downwind; the thermal extent. A drill stays a drill
 * whichever side says so (snapshot or incident).
 */
export function situationPanelModel(snapshots: readonly SituationSnapshot[], incidents: ReadonlyMap<string, IncidentInfo>): SituationPanelIncident[] {
  return snapshots.map((s) => {
    const info = incidents.get(s.incidentId);
    const plumes: PlumeRow[] = s.plumes.map((p) => {
      const counts = new Map<PlumeBand, BandCount>();
      for (const r of s.receptors) {
        if (r.inside?.cas !== p.cas) continue;
        const c = counts.get(r.inside.band) ?? { band: r.inside.band, level: r.inside.level, count: 0 };
        c.count += 1;
        counts.set(r.inside.band, c);
      }
      const inside = [...counts.values()].sort((a, b) => PLUME_BANDS.indexOf(b.band) - PLUME_BANDS.indexOf(a.band));
      return {
        cas: p.cas,
        compound: p.compound,
        maxPpm: p.maxPpm,
        extentAreaKm2: p.extentAreaKm2,
        topLevel: p.zones[0]?.level ?? null,
        drift: p.drift ? { towardDeg: p.drift.towardDeg, speedMs: p.drift.speedMs } : null,
        growthPctPerMin: p.growthPctPerMin,
        estimate: p.estimate ?? null,
        inside,
      };
    });
    const thermal = s.thermal ? { areaM2: s.thermal.areaM2, hottestC: s.thermal.hottestC, growthPctPerMin: s.thermal.growthPctPerMin } : null;
    return {
      incidentId: s.incidentId,
      label: info?.code ?? s.incidentId,
      title: info?.title ?? null,
      drill: s.drill || Boolean(info?.drill),
      at: s.at,
      plumes: plumes.sort((a, b) => b.extentAreaKm2 - a.extentAreaKm2),
      insideTotal: s.receptors.filter((r) => r.inside !== null).length,
      downwind: s.receptors.filter((r) => r.inside === null && r.downwind).length,
      thermal,
    };
  });
}

/** "+12.3" / "−4.0" / "—": growth with its sign, since shrinking matters as much. */
export function formatGrowth(pctPerMin: number | null): string {
  if (pctPerMin === null || !Number.isFinite(pctPerMin)) return '—';
  const v = Math.abs(pctPerMin) < 0.05 ? 0 : pctPerMin;
  return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v).toFixed(1)}`;
}

export const COMPASS_POINTS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;
export type CompassPoint = (typeof COMPASS_POINTS)[number];

/** Compass point (8) of a bearing, for the drift text next to its arrow. */
export function compassPoint(deg: number): CompassPoint {
  const i = Math.round((((deg % 360) + 360) % 360) / 45) % 8;
  return COMPASS_POINTS[i]!;
}
