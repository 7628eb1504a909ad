import { PLUME_BANDS, type AlertLevel, type PlumeBand, type PlumeZone, type Receptor, type SituationSnapshot, type Stream } from '@tianyan/contracts';
import type { Finding } from '../finding';
import { formatNumber } from '../format-number';
import type { RuleEvaluator, StoredRule } from '../rule-evaluator';

type Rule = StoredRule<'receptor'>;

const BAND_LABEL: Readonly<Record<PlumeBand, string>> = { extent: 'extent', aegl1: 'AEGL-1', aegl2: 'AEGL-2', aegl3: 'AEGL-3' };
const rankOf = (band: PlumeBand): number => PLUME_BANDS.indexOf(band);

/** Where one receptor stands in the latest pictures of every open incident. */
interface Worst {
  snapshot: SituationSnapshot;
  cas: string;
  band: PlumeBand;
  level: AlertLevel;
}

/**
 * A receptor inside a plume zone (issue 8). Findings come from situation snapshots, never from
 * readings, so the engine never calls it with one. Like an `enter` geofence it reports transitions
 * only — entering a zone, or a higher band — so an alert a person closed while the receptor is still
 * inside is not raised again; leaving every zone clears the condition. A receptor seen in several
 * incidents at once counts at its highest band (one alert per receptor).
 */
export class ReceptorRule implements RuleEvaluator {
  readonly streams: readonly Stream[] = [];
  /** Band rank last reported per receptor; -1 outside every zone. */
  private readonly last = new Map<string, number>();
  /** Device time of the newest picture judged: when a clear happens without one. */
  private lastAt = 0;
  private readonly minRank: number;

  constructor(readonly rule: Rule) {
    this.minRank = rankOf(rule.minBand);
  }

  /**
   * `snapshots`: the latest picture of each open incident (none left: every receptor is outside, as
   * when the last incident closed); `receptors`: every stored receptor.
   */
  judge(snapshots: readonly SituationSnapshot[], receptors: readonly Receptor[], out: Finding[]): void {
    this.lastAt = Math.max(this.lastAt, ...snapshots.map((s) => s.at));
    const now = this.lastAt;
    for (const receptor of receptors) {
      const worst = this.worstFor(receptor.id, snapshots);
      const rank = worst ? rankOf(worst.band) : -1;
      const before = this.last.get(receptor.id);
      this.last.set(receptor.id, rank);
      if (worst && rank > (before ?? -1)) out.push(this.entered(receptor, worst));
      // First sight outside too: after a restart this clears an alert whose receptor left meanwhile.
      else if (!worst && before !== -1) out.push(this.finding(receptor, { status: 'clear', level: null, at: now, drill: false, title: `${receptor.name} is outside every plume zone`, zone: null, worst: null }));
    }
  }

  private worstFor(receptorId: string, snapshots: readonly SituationSnapshot[]): Worst | null {
    let worst: Worst | null = null;
    for (const snapshot of snapshots) {
      const inside = snapshot.receptors.find((r) => r.receptorId === receptorId)?.inside;
      if (!inside || rankOf(inside.band) < this.minRank) continue;
      const better = !worst || rankOf(inside.band) > rankOf(worst.band) || (rankOf(inside.band) === rankOf(worst.band) && worst.snapshot.drill && !snapshot.drill);
      if (better) worst = { snapshot, ...inside };
    }
    return worst;
  }

  private entered(receptor: Receptor, worst: Worst): Finding {
    const plume = worst.snapshot.plumes.find((p) => p.cas === worst.cas);
    const zone = plume?.zones.find((z) => z.band === worst.band) ?? null;
    const compound = plume?.compound ?? worst.cas;
    const limit = zone ? ` (≥ ${formatNumber(zone.thresholdPpm)} ppm)` : '';
    const title = `${receptor.name} (${receptor.kind}) inside the ${compound} ${BAND_LABEL[worst.band]} zone${limit}`;
    return this.finding(receptor, { status: 'level', level: worst.level, at: worst.snapshot.at, drill: worst.snapshot.drill, title, zone, worst, compound });
  }

  private finding(
    receptor: Receptor,
    f: { status: 'level' | 'clear'; level: AlertLevel | null; at: number; drill: boolean; title: string; zone: PlumeZone | null; worst: Worst | null; compound?: string },
  ): Finding {
    const [lon, lat] = positionOf(receptor);
    return {
      ruleId: this.rule.id,
      ruleKind: 'receptor',
      ruleName: this.rule.name,
      deviceId: null,
      deviceKind: null,
      subject: receptor.id,
      status: f.status,
      level: f.level,
      severity: f.worst ? rankOf(f.worst.band) : null,
      measure: {
        value: f.zone?.thresholdPpm ?? null,
        limit: f.zone?.thresholdPpm ?? null,
        unit: f.zone ? 'ppm' : null,
        basis: f.zone?.basis ?? null,
        facts: f.worst
          ? { receptorId: receptor.id, receptor: receptor.name, receptorKind: receptor.kind, population: receptor.population, incidentId: f.worst.snapshot.incidentId, cas: f.worst.cas, compound: f.compound, band: f.worst.band }
          : { receptorId: receptor.id, receptor: receptor.name, receptorKind: receptor.kind },
      },
      title: f.title,
      drill: f.drill,
      lat,
      lon,
      at: f.at,
      reading: null,
    };
  }
}

/** A point receptor's position, or the mean vertex of an area's first outer ring: where the alert sits on the map. */
function positionOf(receptor: Receptor): [number, number] {
  const g = receptor.geometry;
  if (g.type === 'Point') return [g.coordinates[0]!, g.coordinates[1]!];
  const ring = (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0]?.[0]) ?? [];
  // The closing vertex repeats the first: leave it out of the mean.
  const open = ring.slice(0, Math.max(1, ring.length - 1));
  const sum = open.reduce((acc, p) => [acc[0] + p[0]!, acc[1] + p[1]!], [0, 0]);
  return [sum[0] / open.length, sum[1] / open.length];
}
