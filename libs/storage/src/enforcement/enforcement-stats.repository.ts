import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { OBD_FAILURE_KINDS } from '@tianyan/contracts';
import type {
  EnforcementCounts, EnforcementFilter, EnforcementGroupBy, EnforcementGroupRow, EnforcementSummary, ObdFailureKind, RepeatOffender,
} from '@tianyan/contracts';
import { BatchedStatement } from '../batched-statement';
import { InspectionScanRepository } from './inspection-scan.repository';
import type { JudgedInspection } from './judged-inspection';

/** Verdict rows buffered before they are sent (in as many statements as the size budget needs). */
const BUFFER_ROWS = 5000;

const INSERT_SQL = `
  INSERT INTO enforcement_verdicts (vehicle, vin, plate, station, day, incident_id, incident_code, t, verdict, kinds)
  SELECT u.vehicle, u.vin, u.plate, u.station, u.day, u.incident_id, u.incident_code, to_timestamp(u.t / 1000.0), u.verdict,
    coalesce(string_to_array(nullif(u.kinds, ''), ','), '{}')
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::float8[], $9::text[], $10::text[])
    AS u(vehicle, vin, plate, station, day, incident_id, incident_code, t, verdict, kinds)`;

/** Group key expression per groupBy, over the verdicts table (fixed strings, never user input). */
const GROUP_KEY: Record<EnforcementGroupBy | 'total', string> = {
  total: `'total'`,
  station: 'station',
  day: 'day',
  incident: `coalesce(incident_code, 'none')`,
};

interface CountRow {
  key: string;
  incident_id?: string | null;
  inspections: number;
  vehicles: number;
  failed_inspections: number;
  failed_vehicles: number;
  retest_inspections: number;
}

interface KindRow {
  key: string;
  kind: ObdFailureKind;
  inspections: number;
  vehicles: number;
}

/**
 * Enforcement statistics. The verdict is the shared JS function, so one streamed pass judges every
 * inspection in scope and writes one narrow row per inspection (vehicle, station, day, incident,
 * verdict, failure kinds) into a transaction-local temporary table; SQL then does the distinct counts
 * and grouping. Memory stays at one page of readings however many rows are in scope; the cost is one
 * temp-table row per inspection, dropped at commit. The transaction holds one connection for the
 * pass (on the embedded database: the only one).
 */
@Injectable()
export class EnforcementStatsRepository {
  /** Sized by the configured statement budget: under 64 KiB on the embedded database. */
  private readonly insertVerdicts: BatchedStatement;

  constructor(
    private readonly dataSource: DataSource,
    private readonly scan: InspectionScanRepository,
    @Inject(TIANYAN_CONFIG) config: TianyanConfig,
  ) {
    this.insertVerdicts = new BatchedStatement(INSERT_SQL, config.database.maxStatementBytes);
  }

  summary(filter: EnforcementFilter, groupBy: EnforcementGroupBy | undefined): Promise<EnforcementSummary> {
    return this.withVerdicts(filter, async (m) => {
      const [total] = await this.counts(m, 'total');
      const { key: _key, incidentId: _incidentId, ...totals } = total ?? emptyCounts('total');
      const groups = groupBy ? await this.counts(m, groupBy) : [];
      return {
        limitSet: filter.limitSet,
        timeZone: 'UTC+08:00',
        totals,
        groupBy: groupBy ?? null,
        groups: groups.map((g) => (groupBy === 'incident' ? g : withoutIncident(g))),
      };
    });
  }

  /** Vehicles that failed more than once, or failed at more than one station, most failures first. */
  repeatOffenders(filter: EnforcementFilter): Promise<RepeatOffender[]> {
    return this.withVerdicts(filter, async (m) => {
      const rows = (await m.query(`
        SELECT vehicle, min(vin) AS vin, array_agg(DISTINCT plate ORDER BY plate) AS plates, count(*)::int AS inspections,
          count(*) FILTER (WHERE verdict = 'fail')::int AS failed,
          array_agg(DISTINCT station ORDER BY station) FILTER (WHERE verdict = 'fail') AS stations,
          min(t) FILTER (WHERE verdict = 'fail') AS first_at, max(t) FILTER (WHERE verdict = 'fail') AS last_at
        FROM enforcement_verdicts
        GROUP BY vehicle
        HAVING count(*) FILTER (WHERE verdict = 'fail') > 1 OR count(DISTINCT station) FILTER (WHERE verdict = 'fail') > 1
        ORDER BY failed DESC, vehicle`)) as {
        vehicle: string; vin: string; plates: string[]; inspections: number; failed: number; stations: string[]; first_at: Date; last_at: Date;
      }[];
      return rows.map((r) => ({
        vehicleKey: r.vehicle, vin: r.vin, plates: r.plates, inspections: r.inspections, failedInspections: r.failed,
        stations: r.stations, firstFailedAt: new Date(r.first_at).toISOString(), lastFailedAt: new Date(r.last_at).toISOString(),
      }));
    });
  }

  private withVerdicts<T>(filter: EnforcementFilter, read: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`
        CREATE TEMPORARY TABLE enforcement_verdicts (
          vehicle text NOT NULL, vin text NOT NULL, plate text NOT NULL, station text NOT NULL, day text NOT NULL,
          incident_id uuid, incident_code text, t timestamptz NOT NULL, verdict text NOT NULL, kinds text[] NOT NULL
        ) ON COMMIT DROP`);
      const query = (sql: string, params: unknown[]) => m.query(sql, params) as Promise<unknown>;
      let batch: unknown[][] = [];
      for await (const j of this.scan.judged(filter, { query })) {
        batch.push(verdictRow(j));
        if (batch.length >= BUFFER_ROWS) {
          await this.insert(m, batch);
          batch = [];
        }
      }
      await this.insert(m, batch);
      return read(m);
    });
  }

  private async insert(m: EntityManager, rows: unknown[][]): Promise<void> {
    for (const chunk of this.insertVerdicts.plan(rows, (r) => r)) await this.insertVerdicts.run(m.queryRunner!, chunk.items);
  }

  private async counts(m: EntityManager, by: EnforcementGroupBy | 'total'): Promise<EnforcementGroupRow[]> {
    const key = GROUP_KEY[by];
    const incidentId = by === 'incident' ? 'incident_id' : 'NULL::uuid';
    const counts = (await m.query(`
      SELECT ${key} AS key, ${incidentId} AS incident_id, count(*)::int AS inspections, count(DISTINCT vehicle)::int AS vehicles,
        count(*) FILTER (WHERE verdict = 'fail')::int AS failed_inspections,
        count(DISTINCT vehicle) FILTER (WHERE verdict = 'fail')::int AS failed_vehicles,
        count(*) FILTER (WHERE verdict = 'retest')::int AS retest_inspections
      FROM enforcement_verdicts GROUP BY 1, 2 ORDER BY 1`)) as CountRow[];
    const kinds = (await m.query(`
      SELECT ${key} AS key, ${incidentId} AS incident_id, k.kind, count(*)::int AS inspections, count(DISTINCT vehicle)::int AS vehicles
      FROM enforcement_verdicts v CROSS JOIN LATERAL unnest(v.kinds) AS k(kind)
      WHERE verdict = 'fail' GROUP BY 1, 2, 3 ORDER BY 1, 3`)) as (KindRow & { incident_id: string | null })[];
    return counts.map((c) => ({
      key: c.key,
      incidentId: c.incident_id ?? null,
      ...toCounts(c, kinds.filter((k) => k.key === c.key && (k.incident_id ?? null) === (c.incident_id ?? null))),
    }));
  }
}

/** One temp-table row: the parameters of INSERT_SQL, in order. */
export function verdictRow(j: JudgedInspection): unknown[] {
  const { row, judgement } = j;
  const kinds = judgement.verdict === 'fail' ? judgement.reasons.map((r) => r.kind).join(',') : '';
  return [j.vehicleKey, row.vin, row.plate, row.device_id, j.day, row.incident_id, row.incident_code, row.time_ms, judgement.verdict, kinds];
}

export function toCounts(c: Omit<CountRow, 'key'>, kinds: readonly Pick<KindRow, 'kind' | 'inspections' | 'vehicles'>[]): EnforcementCounts {
  return {
    inspections: c.inspections,
    inspectedVehicles: c.vehicles,
    repeatInspections: c.inspections - c.vehicles,
    failedInspections: c.failed_inspections,
    failedVehicles: c.failed_vehicles,
    retestInspections: c.retest_inspections,
    problemVehicleRate: c.vehicles > 0 ? c.failed_vehicles / c.vehicles : null,
    failuresByKind: kinds
      .map((k) => ({ kind: k.kind, inspections: k.inspections, vehicles: k.vehicles }))
      .sort((a, b) => OBD_FAILURE_KINDS.indexOf(a.kind) - OBD_FAILURE_KINDS.indexOf(b.kind)),
  };
}

function emptyCounts(key: string): EnforcementGroupRow {
  return { key, ...toCounts({ inspections: 0, vehicles: 0, failed_inspections: 0, failed_vehicles: 0, retest_inspections: 0 }, []) };
}

function withoutIncident(g: EnforcementGroupRow): EnforcementGroupRow {
  const { incidentId: _, ...rest } = g;
  return rest;
}
