import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SituationSeriesPoint, SituationSnapshot } from '@tianyan/contracts';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { isUuid } from '../alerts/uuid';
import { snapshotPieces } from './snapshot-pieces';

/** Room in a statement for its SQL and the other parameters. */
const STATEMENT_MARGIN = 2048;
const AT = 'to_timestamp($2::float8 / 1000)';
const UPSERT = `INSERT INTO situation_snapshots (incident_id, at, body) VALUES ($1, ${AT}, $3::jsonb)
  ON CONFLICT (incident_id, at) DO UPDATE SET body = EXCLUDED.body, computed_at = now()`;
const APPEND = `UPDATE situation_snapshots SET body = jsonb_set(body, $3::text[], (body #> $3::text[]) || $4::jsonb) WHERE incident_id = $1 AND at = ${AT}`;
/** The numbers of a snapshot a chart needs, read inside the database so bodies do not travel. */
const SERIES = `SELECT (extract(epoch FROM s.at) * 1000)::float8 AS at,
    (SELECT coalesce(jsonb_object_agg(p ->> 'cas', (p ->> 'extentAreaKm2')::float8), '{}'::jsonb) FROM jsonb_array_elements(s.body -> 'plumes') p) AS extents,
    (s.body -> 'thermal' ->> 'areaM2')::float8 AS thermal_m2
  FROM situation_snapshots s
  WHERE s.incident_id = $1 AND s.at >= to_timestamp($2::float8 / 1000) AND s.at <= to_timestamp($3::float8 / 1000)
  ORDER BY s.at LIMIT $4`;

/**
 * Surplus snapshots stored before $1 (wall clock): all but the first of each incident's $2-second
 * bucket of device time, at most $3 per statement (a bounded transaction; the caller repeats).
 */
const THIN = `WITH surplus AS (
    SELECT incident_id, at FROM (
      SELECT incident_id, at, row_number() OVER (PARTITION BY incident_id, floor(extract(epoch FROM at) / $2) ORDER BY at) AS rn
      FROM situation_snapshots WHERE computed_at < to_timestamp($1::float8 / 1000)
    ) ranked WHERE rn > 1 LIMIT $3
  ), deleted AS (
    DELETE FROM situation_snapshots s USING surplus WHERE s.incident_id = surplus.incident_id AND s.at = surplus.at RETURNING 1
  )
  SELECT count(*)::int AS n FROM deleted`;

/**
 * The situation picture of each incident as it was computed, at its device time (issue 8): seek
 * reads the latest at or before T, replay streams a range in order, charts read the series. A
 * snapshot larger than one embedded statement goes in as a head and appends in one transaction.
 */
@Injectable()
export class SituationSnapshotRepository {
  private readonly maxJsonBytes: number;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TIANYAN_CONFIG) config: TianyanConfig,
  ) {
    this.maxJsonBytes = config.database.maxStatementBytes - STATEMENT_MARGIN;
  }

  /** Stores (or replaces, for the same device time) one snapshot; returns how often its rings were thinned to fit. */
  async save(snapshot: SituationSnapshot): Promise<{ thinned: number }> {
    const { head, appends, thinned } = snapshotPieces(snapshot, this.maxJsonBytes);
    const key = [snapshot.incidentId, snapshot.at];
    if (appends.length === 0) {
      await this.dataSource.query(UPSERT, [...key, JSON.stringify(head)]);
    } else {
      await this.dataSource.transaction(async (m) => {
        await m.query(UPSERT, [...key, JSON.stringify(head)]);
        for (const a of appends) await m.query(APPEND, [...key, a.path, JSON.stringify(a.items)]);
      });
    }
    return { thinned };
  }

  /** The latest snapshot at or before `atMs`; null when there is none (or no such incident). */
  async at(incidentId: string, atMs: number): Promise<SituationSnapshot | null> {
    if (!isUuid(incidentId)) return null;
    const rows = (await this.dataSource.query(
      `SELECT body FROM situation_snapshots WHERE incident_id = $1 AND at <= ${AT} ORDER BY at DESC LIMIT 1`,
      [incidentId, atMs],
    )) as { body: SituationSnapshot }[];
    return rows[0]?.body ?? null;
  }

  /** Snapshots with fromMs ≤ at ≤ toMs, oldest first, at most `limit` (page on with the last `at` + 1). */
  async between(incidentId: string, fromMs: number, toMs: number, limit = 500): Promise<SituationSnapshot[]> {
    if (!isUuid(incidentId)) return [];
    const rows = (await this.dataSource.query(
      `SELECT body FROM situation_snapshots WHERE incident_id = $1 AND at >= ${AT} AND at <= to_timestamp($3::float8 / 1000) ORDER BY at LIMIT $4`,
      [incidentId, fromMs, toMs, limit],
    )) as { body: SituationSnapshot }[];
    return rows.map((r) => r.body);
  }

  /**
   * Thins snapshots stored before `storedBeforeMs` to the first of every `keepEveryS` seconds of device
   * time per incident; returns how many were deleted (at most `limit`: call again while it is `limit`).
   */
  async thin(storedBeforeMs: number, keepEveryS: number, limit = 5000): Promise<number> {
    const rows = (await this.dataSource.query(THIN, [storedBeforeMs, keepEveryS, limit])) as { n: number }[];
    return rows[0]?.n ?? 0;
  }

  async series(incidentId: string, fromMs: number, toMs: number, limit = 20_000): Promise<SituationSeriesPoint[]> {
    if (!isUuid(incidentId)) return [];
    const rows = (await this.dataSource.query(SERIES, [incidentId, fromMs, toMs, limit])) as { at: number; extents: Record<string, number>; thermal_m2: number | null }[];
    return rows.map((r) => ({ at: r.at, extentAreaKm2: r.extents, thermalAreaM2: r.thermal_m2 }));
  }
}
