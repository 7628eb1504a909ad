import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditEntry, Page } from '@tianyan/contracts';

export interface AuditRecord {
  actorId: string | null;
  actorName: string | null;
  role: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditQuery {
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  /** ISO 8601 bounds on `at`. */
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

/** The append-only audit log: INSERT and SELECT only (the database refuses anything else). */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  async append(r: AuditRecord): Promise<AuditEntry> {
    const rows = (await this.dataSource.query(
      `INSERT INTO audit_log (actor_id, actor_name, role, action, target_type, target_id, ip, user_agent, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb)
       RETURNING id::text AS id, at, actor_id, actor_name, role, action, target_type, target_id, ip, user_agent, before, after`,
      [r.actorId, r.actorName, r.role, r.action, r.targetType, r.targetId, r.ip, r.userAgent, json(r.before), json(r.after)],
    )) as Record<string, unknown>[];
    return toEntry(rows[0]!);
  }

  async list(q: AuditQuery): Promise<Page<AuditEntry>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.action) add('action = ?', q.action);
    if (q.actorId) add('actor_id = ?', q.actorId);
    if (q.targetType) add('target_type = ?', q.targetType);
    if (q.targetId) add('target_id = ?', q.targetId);
    if (q.from) add('at >= ?::timestamptz', q.from);
    if (q.to) add('at < ?::timestamptz', q.to);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
    const offset = Math.max(q.offset ?? 0, 0);
    const [{ total }] = (await this.dataSource.query(`SELECT count(*)::int AS total FROM audit_log ${filter}`, params)) as [{ total: number }];
    const rows = (await this.dataSource.query(
      `SELECT id::text AS id, at, actor_id, actor_name, role, action, target_type, target_id, ip, user_agent, before, after
       FROM audit_log ${filter} ORDER BY at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`,
      params,
    )) as Record<string, unknown>[];
    return { total, items: rows.map(toEntry) };
  }
}

function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

function toEntry(r: Record<string, unknown>): AuditEntry {
  return {
    id: r.id as string,
    at: (r.at as Date).toISOString(),
    actorId: r.actor_id as string | null,
    actorName: r.actor_name as string | null,
    role: r.role as string | null,
    action: r.action as string,
    targetType: r.target_type as string | null,
    targetId: r.target_id as string | null,
    ip: r.ip as string | null,
    userAgent: r.user_agent as string | null,
    before: r.before ?? null,
    after: r.after ?? null,
  };
}
