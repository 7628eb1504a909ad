import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { Alert, AlertLevel, AlertMeasure, AlertReadingLink, AlertRuleKind, AlertState, AlertStep, DeviceKind, Page, alertQuerySchema } from '@tianyan/contracts';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { BatchedStatement } from '../batched-statement';
import { describeSqlError, isDataError, sqlState } from '../sql-errors';
import { OpenAlertExistsError } from './open-alert-exists.error';
import { isUuid } from './uuid';
import { isoOrNull } from '../row-time';

/** `GET /api/alerts` as validated (defaults applied). */
export type AlertListQuery = z.output<typeof alertQuerySchema>;

const FINAL = `('closed', 'lifted')`;

const COLUMNS = `id::text AS id, rule_id::text AS rule_id, rule_kind, rule_name, device_id, device_kind, subject, level, peak_level,
  state, title, measure, peak, active, drill, lat, lon, first_reading_at, last_reading_at, raised_at, updated_at, occurrences,
  unit_id::text AS unit_id, due_at, overdue, escalations, imported_at`;

const INSERT = `
  INSERT INTO alerts (id, rule_id, rule_kind, rule_name, device_id, device_kind, subject, level, peak_level, state, title, measure, peak,
    active, drill, lat, lon, first_reading_at, last_reading_at, raised_at, updated_at, occurrences, unit_id, due_at, overdue, escalations, imported_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, $14, $15, $16, $17,
    to_timestamp($18::float8 / 1000), to_timestamp($19::float8 / 1000), $20::timestamptz, $21::timestamptz, $22, $23, $24::timestamptz, $25, $26,
    $27::timestamptz)`;

/** Everything but what identifies the condition (rule, device, subject), its drill flag and when it was raised. */
const UPDATE = `
  UPDATE alerts SET rule_name = $2, level = $3, peak_level = $4, state = $5, title = $6, measure = $7::jsonb, peak = $8::jsonb,
    active = $9, lat = $10, lon = $11, first_reading_at = to_timestamp($12::float8 / 1000), last_reading_at = to_timestamp($13::float8 / 1000),
    updated_at = $14::timestamptz, occurrences = $15, unit_id = $16, due_at = $17::timestamptz, overdue = $18, escalations = $19
  WHERE id = $1`;

/** Ordinality keeps the order steps are given in (their `ordinal`), also when they share a time. */
const INSERT_STEPS = `
  INSERT INTO alert_steps (id, alert_id, kind, from_state, to_state, level, actor_id, actor_username, actor_role, at, note, unit_id, due_at, device_at)
  SELECT u.id, u.alert_id, u.kind, u.from_state, u.to_state, u.level, u.actor_id, u.actor_username, u.actor_role, u.at, u.note, u.unit_id, u.due_at,
    u.device_at
  FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
    $10::timestamptz[], $11::text[], $12::uuid[], $13::timestamptz[], $14::timestamptz[])
    WITH ORDINALITY AS u(id, alert_id, kind, from_state, to_state, level, actor_id, actor_username, actor_role, at, note, unit_id, due_at, device_at, n)
  ORDER BY u.n`;

/** A reading already linked (the same one peaking twice) is kept once. */
const INSERT_READINGS = `
  INSERT INTO alert_readings (alert_id, device_id, stream, time, seq, value, level)
  SELECT u.a, u.d, u.s, to_timestamp(u.t / 1000), u.q, u.v, u.l
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::int8[], $6::float8[], $7::text[]) AS u(a, d, s, t, q, v, l)
  ON CONFLICT DO NOTHING`;

/**
 * Alerts: one row per condition, updated while it lasts and through its closed loop, with its steps
 * and readings written in the same transaction. Callers serialise the writes of one alert; each
 * call here is atomic.
 */
@Injectable()
export class AlertRepository {
  private readonly budget: number;
  private readonly insertSteps: BatchedStatement;
  private readonly insertReadings: BatchedStatement;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TIANYAN_CONFIG) config: TianyanConfig,
  ) {
    this.budget = config.database.maxStatementBytes;
    this.insertSteps = new BatchedStatement(INSERT_STEPS, this.budget);
    this.insertReadings = new BatchedStatement(INSERT_READINGS, this.budget);
  }

  /** Throws OpenAlertExistsError when the condition already has an open alert. */
  async insert(alert: Alert, raisedStep: AlertStep, readings: readonly AlertReadingLink[]): Promise<void> {
    const row = this.insertRow(alert, null);
    this.checkSize(alert.id, INSERT, row);
    try {
      await this.dataSource.transaction(async (m) => {
        await m.query(INSERT, row);
        await this.append(m, alert.id, [raisedStep], readings);
      });
    } catch (e) {
      if (sqlState(e) === '23505' && constraintOf(e) === 'alerts_open_key') {
        throw new OpenAlertExistsError(`rule ${alert.ruleId} × device ${alert.deviceId ?? '(none)'} × subject ${alert.subject}`);
      }
      throw e;
    }
  }

  /**
   * Re-creates an alert recorded elsewhere (an incident archive) with all its steps, in their order,
   * and its readings, in one transaction; marked imported (see the migration: no open-key clash, its
   * rule need not exist here). Responsible units unknown here are left out (null). False, writing
   * nothing, when an alert with that id is already here. A record the database refuses (a step id
   * taken by another alert, a bad value, too large) is a RangeError naming the alert.
   */
  async importRecorded(alert: Alert, steps: readonly AlertStep[], readings: readonly AlertReadingLink[]): Promise<boolean> {
    try {
      return await this.importNow(alert, steps, readings);
    } catch (e) {
      if (isDataError(e) || (e instanceof Error && e.message.includes('-byte budget'))) throw new RangeError(`alert ${alert.id}: ${describeSqlError(e)}`);
      throw e;
    }
  }

  private async importNow(alert: Alert, steps: readonly AlertStep[], readings: readonly AlertReadingLink[]): Promise<boolean> {
    const unitIds = [...new Set([alert.unitId, ...steps.map((s) => s.unitId)].filter((u): u is string => u !== null && isUuid(u)))];
    return this.dataSource.transaction(async (m) => {
      const exists = (await m.query('SELECT 1 FROM alerts WHERE id = $1', [alert.id])) as unknown[];
      if (exists.length > 0) return false;
      const known = new Set(((await m.query('SELECT id::text AS id FROM responsible_units WHERE id = ANY($1::uuid[])', [unitIds])) as { id: string }[]).map((r) => r.id));
      const unit = (id: string | null) => (id !== null && known.has(id) ? id : null);
      const row = this.insertRow({ ...alert, unitId: unit(alert.unitId) }, new Date().toISOString());
      this.checkSize(alert.id, INSERT, row);
      await m.query(INSERT, row);
      await this.append(m, alert.id, steps.map((s) => ({ ...s, unitId: unit(s.unitId) })), readings);
      return true;
    });
  }

  /** Writes every mutable column and appends the steps and readings. Throws when the alert does not exist. */
  async update(alert: Alert, steps: readonly AlertStep[], readings: readonly AlertReadingLink[]): Promise<void> {
    const row = this.mutable(alert);
    this.checkSize(alert.id, UPDATE, row);
    await this.dataSource.transaction(async (m) => {
      const [, count] = (await m.query(UPDATE, row)) as [unknown, number];
      if (count === 0) throw new Error(`alert ${alert.id} does not exist`);
      await this.append(m, alert.id, steps, readings);
    });
  }

  async get(id: string): Promise<Alert | null> {
    if (!isUuid(id)) return null;
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM alerts WHERE id = $1`, [id])) as Record<string, unknown>[];
    return rows[0] ? toAlert(rows[0]) : null;
  }

  /** Newest raised first (ties by id, so pages never overlap); `from` inclusive, `to` exclusive. */
  async query(q: AlertListQuery): Promise<Page<Alert>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.state?.length) add('state = ANY(?::text[])', q.state);
    if (q.level?.length) add('level = ANY(?::text[])', q.level);
    if (q.ruleKind?.length) add('rule_kind = ANY(?::text[])', q.ruleKind);
    if (q.deviceId !== undefined) add('device_id = ?', q.deviceId);
    if (q.open !== undefined) where.push(`state ${q.open ? 'NOT IN' : 'IN'} ${FINAL}`);
    if (q.drill !== undefined) add('drill = ?', q.drill);
    if (q.from !== undefined) add('raised_at >= ?::timestamptz', isoTime('from', q.from));
    if (q.to !== undefined) add('raised_at < ?::timestamptz', isoTime('to', q.to));
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const limit = Math.min(Math.max(Math.trunc(q.limit), 1), 500);
    const offset = Math.max(Math.trunc(q.offset), 0);
    const [{ total }] = (await this.dataSource.query(`SELECT count(*)::int AS total FROM alerts ${filter}`, params)) as [{ total: number }];
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM alerts ${filter} ORDER BY raised_at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`,
      params,
    )) as Record<string, unknown>[];
    return { total, items: rows.map(toAlert) };
  }

  /** Every live (not imported) alert not closed or lifted, oldest first: what the tracker resumes with after a restart. */
  async listOpen(): Promise<Alert[]> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM alerts WHERE state NOT IN ${FINAL} AND imported_at IS NULL ORDER BY raised_at, id`)) as Record<string, unknown>[];
    return rows.map(toAlert);
  }

  /** Open alerts whose next step fell due before `now` and that have not been marked overdue yet, earliest due first. */
  async listOverdueCandidates(now: Date): Promise<Alert[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM alerts WHERE state NOT IN ${FINAL} AND imported_at IS NULL AND NOT overdue AND due_at < $1 ORDER BY due_at, id`,
      [now],
    )) as Record<string, unknown>[];
    return rows.map(toAlert);
  }

  private insertRow(a: Alert, importedAt: string | null): unknown[] {
    return [
      a.id, a.ruleId, a.ruleKind, a.ruleName, a.deviceId, a.deviceKind, a.subject, a.level, a.peakLevel, a.state, a.title, JSON.stringify(a.measure),
      JSON.stringify(a.peak), a.active, a.drill, a.lat, a.lon, a.firstReadingAt, a.lastReadingAt, a.raisedAt, a.updatedAt, a.occurrences, a.unitId,
      a.dueAt, a.overdue, a.escalations, importedAt,
    ];
  }

  private mutable(a: Alert): unknown[] {
    return [
      a.id, a.ruleName, a.level, a.peakLevel, a.state, a.title, JSON.stringify(a.measure), JSON.stringify(a.peak), a.active, a.lat, a.lon,
      a.firstReadingAt, a.lastReadingAt, a.updatedAt, a.occurrences, a.unitId, a.dueAt, a.overdue, a.escalations,
    ];
  }

  private async append(m: EntityManager, alertId: string, steps: readonly AlertStep[], readings: readonly AlertReadingLink[]): Promise<void> {
    const foreign = steps.find((s) => s.alertId !== alertId);
    if (foreign) throw new Error(`step ${foreign.id} belongs to alert ${foreign.alertId}, not ${alertId}`);
    await this.insertSteps.runAll(m.queryRunner!, steps, (s) => [
      s.id, alertId, s.kind, s.fromState, s.toState, s.level, s.actor?.id ?? null, s.actor?.username ?? null, s.actor?.role ?? null, s.at, s.note,
      s.unitId, s.dueAt, s.deviceAt ?? null,
    ]);
    await this.insertReadings.runAll(m.queryRunner!, readings, (r) => [alertId, r.deviceId, r.stream, r.time, r.seq, r.value, r.level]);
  }

  /** measure and facts are free-form: refuse a row that would break the embedded connection, with a reason. */
  private checkSize(id: string, sql: string, row: unknown[]): void {
    const bytes = Buffer.byteLength(sql) + Buffer.byteLength(JSON.stringify(row)) + 16 * row.length;
    if (bytes > this.budget) throw new Error(`alert ${id} takes ${bytes} bytes in one statement, over the ${this.budget}-byte budget: shrink measure.facts`);
  }
}

function constraintOf(error: unknown): string | undefined {
  const e = error as { constraint?: unknown; driverError?: { constraint?: unknown } } | null;
  const c = e?.driverError?.constraint ?? e?.constraint;
  return typeof c === 'string' ? c : undefined;
}

function isoTime(name: string, value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`${name}: "${value}" is not a time (ISO 8601 expected)`);
  return new Date(ms).toISOString();
}


function toAlert(r: Record<string, unknown>): Alert {
  return {
    id: r.id as string,
    ruleId: r.rule_id as string,
    ruleKind: r.rule_kind as AlertRuleKind,
    ruleName: r.rule_name as string,
    deviceId: r.device_id as string | null,
    deviceKind: r.device_kind as DeviceKind | null,
    subject: r.subject as string,
    level: r.level as AlertLevel,
    peakLevel: r.peak_level as AlertLevel,
    state: r.state as AlertState,
    title: r.title as string,
    measure: r.measure as AlertMeasure,
    peak: r.peak as AlertMeasure,
    active: r.active as boolean,
    drill: r.drill as boolean,
    lat: r.lat as number | null,
    lon: r.lon as number | null,
    firstReadingAt: (r.first_reading_at as Date).getTime(),
    lastReadingAt: (r.last_reading_at as Date).getTime(),
    raisedAt: (r.raised_at as Date).toISOString(),
    updatedAt: (r.updated_at as Date).toISOString(),
    occurrences: r.occurrences as number,
    unitId: r.unit_id as string | null,
    dueAt: isoOrNull(r.due_at),
    overdue: r.overdue as boolean,
    escalations: r.escalations as number,
    // Only on imported alerts: a live one reads as before the column existed.
    ...(r.imported_at ? { importedAt: isoOrNull(r.imported_at) } : {}),
  };
}
