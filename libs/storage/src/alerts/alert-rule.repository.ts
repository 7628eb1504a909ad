import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { alertRuleInputSchema, type AlertRule, type AlertRuleDefinition } from '@tianyan/contracts';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { BatchedStatement } from '../batched-statement';
import { rowBytes } from '../statement-chunks';
import { splitJsonArrays, type JsonAppend } from './json-pieces';
import { isUuid } from './uuid';

const COLUMNS = 'id::text AS id, definition, built_in, created_at, updated_at';
/** Room in a statement for its SQL and the other parameters (a name is at most 120 characters). */
const STATEMENT_MARGIN = 2048;

const INSERT = `INSERT INTO alert_rules (kind, name, enabled, definition, built_in) VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING id::text AS id`;
const REPLACE = `UPDATE alert_rules SET kind = $2, name = $3, enabled = $4, definition = $5::jsonb, updated_at = now()
  WHERE id = $1 AND deleted_at IS NULL RETURNING id::text AS id`;
const APPEND = 'UPDATE alert_rules SET definition = jsonb_set(definition, $2::text[], (definition #> $2::text[]) || $3::jsonb) WHERE id = $1';
const SEED = `INSERT INTO alert_rules (kind, name, enabled, definition, built_in)
  SELECT u.kind, u.name, u.enabled, u.definition::jsonb, true FROM unnest($1::text[], $2::text[], $3::bool[], $4::text[]) AS u(kind, name, enabled, definition)`;

/**
 * Alert rules, stored whole as their validated definition. Definitions larger than one statement
 * (long geofence rings, long device lists on the embedded database) go in as a head and appends.
 */
@Injectable()
export class AlertRuleRepository {
  private readonly maxJsonBytes: number;
  private readonly seedStatement: BatchedStatement;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TIANYAN_CONFIG) config: TianyanConfig,
  ) {
    this.maxJsonBytes = config.database.maxStatementBytes - STATEMENT_MARGIN;
    this.seedStatement = new BatchedStatement(SEED, config.database.maxStatementBytes);
  }

  /** Never the deleted ones; disabled ones only when asked. Oldest first. */
  async list(opts: { kind?: string; includeDisabled?: boolean } = {}): Promise<AlertRule[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM alert_rules WHERE deleted_at IS NULL AND ($1::text IS NULL OR kind = $1) AND ($2 OR enabled)
       ORDER BY created_at, name, id`,
      [opts.kind ?? null, opts.includeDisabled ?? false],
    )) as Record<string, unknown>[];
    return rows.map(toRule);
  }

  /** A deleted rule only with `includeDeleted` (an alert's detail still names the rule that raised it). */
  async get(id: string, opts: { includeDeleted?: boolean } = {}): Promise<AlertRule | null> {
    return isUuid(id) ? this.load(this.dataSource.manager, id, opts.includeDeleted ?? false) : null;
  }

  async create(def: AlertRuleDefinition, builtIn: boolean): Promise<AlertRule> {
    const rule = valid(def);
    const { head, appends } = this.split(rule);
    return this.dataSource.transaction(async (m) => {
      const [{ id }] = (await m.query(INSERT, [rule.kind, rule.name, rule.enabled, JSON.stringify(head), builtIn])) as [{ id: string }];
      return this.finish(m, id, appends);
    });
  }

  /** Replaces the definition; keeps builtIn and createdAt. Null when there is no such (undeleted) rule. */
  async replace(id: string, def: AlertRuleDefinition): Promise<AlertRule | null> {
    if (!isUuid(id)) return null;
    const rule = valid(def);
    const { head, appends } = this.split(rule);
    return this.dataSource.transaction(async (m) => {
      const rows = (await m.query(REPLACE, [id, rule.kind, rule.name, rule.enabled, JSON.stringify(head)])) as [Record<string, unknown>[], number];
      if (rows[1] === 0) return null;
      return this.finish(m, id, appends);
    });
  }

  async softDelete(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const [, count] = (await this.dataSource.query('UPDATE alert_rules SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL', [id])) as [unknown, number];
    return count > 0;
  }

  /**
   * Inserts the built-in rules unless some built-in rule (even a deleted one) exists: a fresh
   * installation gets them once, and rules an administrator removed do not come back. Returns how
   * many were inserted. The table lock makes two instances starting together seed only once.
   */
  async seedIfEmpty(defs: readonly AlertRuleDefinition[]): Promise<number> {
    const rules = defs.map(valid);
    return this.dataSource.transaction(async (m) => {
      await m.query('LOCK TABLE alert_rules IN SHARE ROW EXCLUSIVE MODE');
      const [{ seeded }] = (await m.query('SELECT EXISTS (SELECT 1 FROM alert_rules WHERE built_in) AS seeded')) as [{ seeded: boolean }];
      if (seeded) return 0;
      const params = (r: AlertRuleDefinition) => [r.kind, r.name, r.enabled, JSON.stringify(r)];
      const fits = rules.filter((r) => rowBytes(params(r)) <= this.seedStatement.rowBudget);
      let inserted = await this.seedStatement.runAll(m.queryRunner!, fits, params);
      for (const rule of rules.filter((r) => !fits.includes(r))) {
        const { head, appends } = this.split(rule);
        const [{ id }] = (await m.query(INSERT, [rule.kind, rule.name, rule.enabled, JSON.stringify(head), true])) as [{ id: string }];
        await this.finish(m, id, appends);
        inserted++;
      }
      return inserted;
    });
  }

  private split(rule: AlertRuleDefinition) {
    return splitJsonArrays(rule, this.maxJsonBytes);
  }

  private async finish(m: EntityManager, id: string, appends: readonly JsonAppend[]): Promise<AlertRule> {
    for (const a of appends) await m.query(APPEND, [id, a.path, JSON.stringify(a.items)]);
    return (await this.load(m, id, false))!;
  }

  private async load(m: EntityManager, id: string, includeDeleted: boolean): Promise<AlertRule | null> {
    const rows = (await m.query(`SELECT ${COLUMNS} FROM alert_rules WHERE id = $1 AND ($2 OR deleted_at IS NULL)`, [
      id,
      includeDeleted,
    ])) as Record<string, unknown>[];
    return rows[0] ? toRule(rows[0]) : null;
  }
}

/** What is stored is always a definition the contract accepts; a caller that skipped validation learns here. */
function valid(def: AlertRuleDefinition): AlertRuleDefinition {
  const parsed = alertRuleInputSchema.safeParse(def);
  if (!parsed.success) throw new Error(`invalid alert rule "${def.name}": ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

function toRule(r: Record<string, unknown>): AlertRule {
  return {
    ...(r.definition as AlertRuleDefinition),
    id: r.id as string,
    builtIn: r.built_in as boolean,
    createdAt: (r.created_at as Date).toISOString(),
    updatedAt: (r.updated_at as Date).toISOString(),
  };
}
