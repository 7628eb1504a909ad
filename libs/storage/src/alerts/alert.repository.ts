import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import type { z } from 'zod';
import type { Alert, AlertLevel, AlertMeasure, AlertReadingLink, AlertRuleKind, AlertState, AlertStep, DeviceKind, Page, alertQuerySchema } from '@tianyan/contracts';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { BatchedStatement } from '../batched-statement';
import { describeSqlError, isDataError, sqlState } from '../sql-errors';
import { encodeColumn, toColumns, type Chunk } from '../statement-chunks';
import type { AlertWrite } from './alert-write';
import { alertRow, INSERT_ALERT, INSERT_ALERTS, INSERT_READINGS, INSERT_STEPS, mutableRow, readingRow, stepRow, UPDATE_ALERTS } from './alert-write-sql';
import { OpenAlertExistsError } from './open-alert-exists.error';
import { isUuid } from './uuid';
import { isoOrNull } from '../row-time';

/** `GET /api/alerts` as validated (defaults applied). */
export type AlertListQuery = z.output<typeof alertQuerySchema>;

const FINAL = `('closed', 'lifted')`;

const COLUMNS = `id::text AS id, rule_id::text AS rule_id, rule_kind, rule_name, device_id, device_kind, subject, level, peak_level,
  state, title, measure, peak, active, drill, lat, lon, first_reading_at, last_reading_at, raised_at, updated_at, occurrences,
  unit_id::text AS unit_id, due_at, overdue, escalations, imported_at`;

/**
 * Alerts: one row per condition, updated while it lasts and through its closed loop, with its steps
 * and readings written in the same transaction. Callers serialise the writes of one alert; each
 * call here is atomic.
 */
@Injectable()
export class AlertRepository {
  private readonly budget: number;
  private readonly insertAlerts: BatchedStatement;
  private readonly updateAlerts: BatchedStatement;
  private readonly insertSteps: BatchedStatement;
  private readonly insertReadings: BatchedStatement;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TIANYAN_CONFIG) config: TianyanConfig,
  ) {
    this.budget = config.database.maxStatementBytes;
    this.insertAlerts = new BatchedStatement(INSERT_ALERTS, this.budget);
    this.updateAlerts = new BatchedStatement(UPDATE_ALERTS, this.budget);
    this.insertSteps = new BatchedStatement(INSERT_STEPS, this.budget);
    this.insertReadings = new BatchedStatement(INSERT_READINGS, this.budget);
  }

  /** Throws OpenAlertExistsError when the condition already has an open alert. */
  insert(alert: Alert, raisedStep: AlertStep, readings: readonly AlertReadingLink[]): Promise<void> {
    return this.writeMany([{ alert, insert: true, steps: [raisedStep], readings }]);
  }

  /** Writes every mutable column and appends the steps and readings. Throws when the alert does not exist. */
  update(alert: Alert, steps: readonly AlertStep[], readings: readonly AlertReadingLink[]): Promise<void> {
    return this.writeMany([{ alert, insert: false, steps, readings }]);
  }

  /**
   * Writes many alerts (one write each) in one transaction and a handful of statements, each under
   * the statement budget: the updates, the new alerts, then every step (in order) and reading.
   * All or nothing: an update of a missing alert throws naming it, a new alert whose condition is
   * already open throws OpenAlertExistsError; a row too large for one statement is refused before
   * anything is sent.
   */
  async writeMany(writes: readonly AlertWrite[]): Promise<void> {
    if (writes.length === 0) return;
    checkWrites(writes);
    // Updates first: a batch may close a condition's alert and raise its successor, which the open key allows only in that order.
    const updates = this.fitting(this.updateAlerts, writes.filter((w) => !w.insert), mutableRow);
    const inserts = this.fitting(this.insertAlerts, writes.filter((w) => w.insert), alertRow);
    const steps = this.insertSteps.plan(writes.flatMap((w) => w.steps), stepRow);
    const readings = this.insertReadings.plan(writes.flatMap((w) => w.readings.map((r) => ({ id: w.alert.id, r }))), ({ id, r }) => readingRow(id, r));
    try {
      await this.dataSource.transaction(async (m) => {
        const runner = m.queryRunner!;
        for (const chunk of updates) await this.runUpdates(runner, chunk.items);
        for (const chunk of inserts) await this.insertAlerts.run(runner, chunk.items);
        for (const chunk of steps) await this.insertSteps.run(runner, chunk.items);
        for (const chunk of readings) await this.insertReadings.run(runner, chunk.items);
      });
    } catch (e) {
      throw openKeyClash(e, writes) ?? e;
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
      const row = [...alertRow({ ...alert, unitId: unit(alert.unitId) }), new Date().toISOString()];
      this.checkSize(alert.id, INSERT_ALERT, row);
      await m.query(INSERT_ALERT, row);
      checkWrites([{ alert, insert: true, steps, readings }]);
      await this.insertSteps.runAll(m.queryRunner!, steps.map((s) => ({ ...s, unitId: unit(s.unitId) })), stepRow);
      await this.insertReadings.runAll(m.queryRunner!, readings, (r) => readingRow(alert.id, r));
      return true;
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

  /** Plans a statement's rows; a row too large for a statement of its own is refused, naming the alert. */
  private fitting(statement: BatchedStatement, writes: readonly AlertWrite[], rowOf: (a: Alert) => unknown[]): Chunk<{ item: AlertWrite; params: unknown[] }>[] {
    const chunks = statement.plan(writes, (w) => rowOf(w.alert));
    for (const { items, bytes } of chunks) {
      if (bytes > statement.rowBudget) {
        const bytesInStatement = bytes + this.budget - statement.rowBudget;
        throw new Error(`alert ${items[0]!.item.alert.id} takes ${bytesInStatement} bytes in one statement, over the ${this.budget}-byte budget: shrink measure.facts`);
      }
    }
    return chunks;
  }

  private async runUpdates(runner: QueryRunner, rows: readonly { item: AlertWrite; params: unknown[] }[]): Promise<void> {
    const params = toColumns(rows.map((r) => r.params), this.updateAlerts.width).map(encodeColumn);
    const result = await runner.query(UPDATE_ALERTS, params, true);
    const found = new Set((result.records as { id: string }[]).map((r) => r.id.toLowerCase()));
    const missing = rows.find((r) => !found.has(r.item.alert.id.toLowerCase()));
    if (missing) throw new Error(`alert ${missing.item.alert.id} does not exist`);
  }

  /** measure and facts are free-form: refuse a row that would break the embedded connection, with a reason. */
  private checkSize(id: string, sql: string, row: unknown[]): void {
    const bytes = Buffer.byteLength(sql) + Buffer.byteLength(JSON.stringify(row)) + 16 * row.length;
    if (bytes > this.budget) throw new Error(`alert ${id} takes ${bytes} bytes in one statement, over the ${this.budget}-byte budget: shrink measure.facts`);
  }
}

/** One write per alert, and only steps of that alert. */
function checkWrites(writes: readonly AlertWrite[]): void {
  const seen = new Set<string>();
  for (const { alert, steps } of writes) {
    if (seen.has(alert.id)) throw new Error(`alert ${alert.id} is written twice in one batch`);
    seen.add(alert.id);
    const foreign = steps.find((s) => s.alertId !== alert.id);
    if (foreign) throw new Error(`step ${foreign.id} belongs to alert ${foreign.alertId}, not ${alert.id}`);
  }
}

/**
 * A new alert clashing with an open one of its condition, as OpenAlertExistsError naming that
 * condition: found by the key the database reports (`Key (alert_key)=(rule|device|subject)`), or
 * the batch's only write. Anything else (an update reopening a condition) is left as it is.
 */
function openKeyClash(error: unknown, writes: readonly AlertWrite[]): OpenAlertExistsError | undefined {
  if (sqlState(error) !== '23505' || constraintOf(error) !== 'alerts_open_key') return undefined;
  const inserts = writes.filter((w) => w.insert).map((w) => w.alert);
  const detail = detailOf(error);
  // With no update in the batch, a lone new alert is the only row that can clash.
  const lone = inserts.length === 1 && writes.length === 1 ? inserts[0] : undefined;
  const clash = inserts.find((a) => detail?.includes(`=(${a.ruleId}|${a.deviceId ?? ''}|${a.subject})`)) ?? lone;
  return clash && new OpenAlertExistsError(`rule ${clash.ruleId} × device ${clash.deviceId ?? '(none)'} × subject ${clash.subject}`);
}

function detailOf(error: unknown): string | undefined {
  const e = error as { detail?: unknown; driverError?: { detail?: unknown } } | null;
  const d = e?.driverError?.detail ?? e?.detail;
  return typeof d === 'string' ? d : undefined;
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
