import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EnforcementFilter } from '@tianyan/contracts';
import { judgeRow, type InspectionRow, type JudgedInspection, type ScanCursor } from './judged-inspection';

/** Runs one statement: the data source, or a transaction's manager (PGlite has one connection). */
export type QueryFn = (sql: string, params: unknown[]) => Promise<unknown>;

/** Rows per round trip: an inspection row is ~0.5 KB, so a page is about a megabyte. */
const PAGE_ROWS = 2000;

/**
 * Reads OBD inspections ordered by station, then device time, page by page (keyset on the table's
 * unique key (device_id, time, seq): the only b-tree every reading table has, so no page sorts), and judges each with the shared verdict function. The verdict stays in JS so the server
 * and the screen can never disagree; only one page is in memory at a time.
 *
 * An inspection belongs to an incident when its station was deployed to it at that time (deployment
 * window, open end = the incident's end). Without an incident filter a reading in two incidents is
 * attributed to the later-started one, so it is counted once.
 */
@Injectable()
export class InspectionScanRepository {
  constructor(private readonly dataSource: DataSource) {}

  async *judged(filter: EnforcementFilter, options: { after?: ScanCursor; query?: QueryFn; pageRows?: number } = {}): AsyncGenerator<JudgedInspection> {
    const query = options.query ?? ((sql, params) => this.dataSource.query(sql, params));
    const pageRows = options.pageRows ?? PAGE_ROWS;
    let after = options.after;
    for (;;) {
      const rows = (await query(...scanStatement(filter, after, pageRows))) as InspectionRow[];
      for (const row of rows) yield judgeRow(row, filter.limitSet);
      if (rows.length < pageRows) return;
      const last = rows[rows.length - 1]!;
      after = { deviceId: last.device_id, timeMs: last.time_ms, seq: last.seq };
    }
  }
}

/** The page query; every value is a parameter. Exported for the unit test. */
export function scanStatement(filter: EnforcementFilter, after: ScanCursor | undefined, limit: number): [string, unknown[]] {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  const incident = filter.incidentId === undefined ? null : p(filter.incidentId);
  if (filter.from !== undefined) where.push(`o.time >= to_timestamp(${p(filter.from)}::float8 / 1000.0)`);
  if (filter.to !== undefined) where.push(`o.time < to_timestamp(${p(filter.to)}::float8 / 1000.0)`);
  if (filter.stationId !== undefined) where.push(`o.device_id = ${p(filter.stationId)}`);
  if (!filter.includeDrill) where.push('NOT o.drill');
  if (incident) {
    where.push(`o.device_id IN (SELECT device_id FROM deployments WHERE incident_id = ${incident}::uuid)`);
    where.push(`EXISTS (SELECT 1 FROM deployments d JOIN incidents i ON i.id = d.incident_id WHERE d.incident_id = ${incident}::uuid AND ${IN_WINDOW})`);
  }
  if (after) {
    where.push(`(o.device_id, o.time, o.seq) > (${p(after.deviceId)}, to_timestamp(${p(after.timeMs)}::float8 / 1000.0), ${p(after.seq)}::int8)`);
  }
  // The page is cut first (on the table's unique b-tree, no sort), then only its rows look up their incident.
  const sql = `
    SELECT (extract(epoch FROM o.time) * 1000)::float8 AS time_ms, o.device_id, o.seq::float8 AS seq,
      o.vin, o.plate, o.obd, o.opacity_k_m1, o.nox_ppm, o.urea_pct, inc.id AS incident_id, inc.code AS incident_code
    FROM (
      SELECT o.time, o.device_id, o.seq, o.vin, o.plate, o.obd, o.opacity_k_m1, o.nox_ppm, o.urea_pct
      FROM obd_inspection o
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY o.device_id, o.time, o.seq
      LIMIT ${p(limit)}
    ) o
    LEFT JOIN LATERAL (
      SELECT i.id, i.code FROM deployments d JOIN incidents i ON i.id = d.incident_id
      WHERE ${IN_WINDOW} ${incident ? `AND i.id = ${incident}::uuid` : ''}
      ORDER BY i.start_at DESC, i.id
      LIMIT 1
    ) inc ON true
    ORDER BY o.device_id, o.time, o.seq`;
  return [sql, params];
}

/** Deployment `d` of incident `i` covers inspection `o` (open end = the incident's end, or still open). */
const IN_WINDOW = `d.device_id = o.device_id AND d.from_at <= o.time
  AND (coalesce(d.to_at, i.end_at) IS NULL OR o.time <= coalesce(d.to_at, i.end_at))`;
