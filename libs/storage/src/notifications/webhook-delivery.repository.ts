import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Page, WebhookDelivery, WebhookEvent, WebhookFormat } from '@tianyan/contracts';
import { isUuid } from '../alerts/uuid';
import { isoOrNull } from '../row-time';

/** The alert id a test message reports: its sample alert is not stored (the nil UUID). */
export const WEBHOOK_TEST_ALERT_ID = '00000000-0000-0000-0000-000000000000';

export type WebhookDeliveryStatus = WebhookDelivery['status'];

export interface NewWebhookDelivery {
  endpointId: string;
  /** Null for a test message. */
  alertId: string | null;
  event: WebhookEvent;
  /** The JSON body, exactly as it is sent on every attempt. */
  payload: object;
  /** When the worker may send it; null: the caller sends it itself, once. */
  nextAttemptAt: Date | null;
}

export interface WebhookAttemptRecord {
  status: WebhookDeliveryStatus;
  httpStatus: number | null;
  error: string | null;
  /** When to try again (pending only). */
  nextAttemptAt: Date | null;
}

/** A claimed delivery with what sending it needs. */
export interface DueWebhookDelivery {
  id: string;
  alertId: string | null;
  event: WebhookEvent;
  payload: object;
  attempts: number;
  endpoint: { id: string; name: string; url: string; format: WebhookFormat; secret: string | null };
}

export interface WebhookDeliveryQuery {
  endpointId?: string;
  alertId?: string;
  status?: WebhookDeliveryStatus;
  limit?: number;
  offset?: number;
}

const COLUMNS = `id::text AS id, endpoint_id::text AS endpoint_id, alert_id::text AS alert_id, event, status, attempts,
  http_status, error, created_at, last_attempt_at, next_attempt_at`;

/** Every message to a webhook and its attempts; the pending ones are the retry queue. */
@Injectable()
export class WebhookDeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(d: NewWebhookDelivery): Promise<WebhookDelivery> {
    const rows = (await this.dataSource.query(
      `INSERT INTO webhook_deliveries (endpoint_id, alert_id, event, payload, next_attempt_at)
       VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING ${COLUMNS}`,
      [d.endpointId, d.alertId, d.event, JSON.stringify(d.payload), d.nextAttemptAt],
    )) as Record<string, unknown>[];
    return toDelivery(rows[0]!);
  }

  async get(id: string): Promise<WebhookDelivery | null> {
    if (!isUuid(id)) return null;
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM webhook_deliveries WHERE id = $1`, [id])) as Record<string, unknown>[];
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  /** The payload as stored (the body every attempt sends). */
  async payloadOf(id: string): Promise<object | null> {
    if (!isUuid(id)) return null;
    const rows = (await this.dataSource.query('SELECT payload FROM webhook_deliveries WHERE id = $1', [id])) as { payload: object }[];
    return rows[0]?.payload ?? null;
  }

  /** Counts one attempt and sets what follows it. Null when the delivery is gone (its endpoint was deleted). */
  async recordAttempt(id: string, attempt: WebhookAttemptRecord): Promise<WebhookDelivery | null> {
    const rows = (await this.dataSource.query(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, status = $2, http_status = $3, error = $4,
         last_attempt_at = now(), next_attempt_at = $5
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, attempt.status, attempt.httpStatus, attempt.error, attempt.status === 'pending' ? attempt.nextAttemptAt : null],
    )) as [Record<string, unknown>[], number];
    const updated = rows[0]?.[0];
    return updated ? toDelivery(updated) : null;
  }

  /**
   * Claims up to `limit` pending deliveries due at `now` (of enabled endpoints) by moving their next
   * attempt `leaseMs` ahead: another pass or another api replica skips them while they are in
   * flight, and a process that dies mid-send leaves them to be sent again once the lease runs out.
   */
  async due(now: Date, limit: number, leaseMs = 60_000): Promise<DueWebhookDelivery[]> {
    const rows = (await this.dataSource.query(
      `UPDATE webhook_deliveries d SET next_attempt_at = $1::timestamptz + make_interval(secs => $3::float8 / 1000)
       FROM webhook_endpoints e
       WHERE e.id = d.endpoint_id AND d.id IN (
         SELECT q.id FROM webhook_deliveries q JOIN webhook_endpoints qe ON qe.id = q.endpoint_id
         WHERE q.status = 'pending' AND q.next_attempt_at <= $1 AND qe.enabled
         ORDER BY q.next_attempt_at LIMIT $2 FOR UPDATE OF q SKIP LOCKED)
       RETURNING d.id::text AS id, d.alert_id::text AS alert_id, d.event, d.payload, d.attempts,
         e.id::text AS endpoint_id, e.name, e.url, e.format, e.secret`,
      [now, Math.max(1, Math.floor(limit)), leaseMs],
    )) as [Record<string, unknown>[], number];
    return rows[0].map((r) => ({
      id: r.id as string,
      alertId: r.alert_id as string | null,
      event: r.event as WebhookEvent,
      payload: r.payload as object,
      attempts: r.attempts as number,
      endpoint: { id: r.endpoint_id as string, name: r.name as string, url: r.url as string, format: r.format as WebhookFormat, secret: r.secret as string | null },
    }));
  }

  /** Gives a claimed delivery back without counting an attempt (the send was cut short by shutdown). */
  async release(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE id = $1 AND status = 'pending'`, [id]);
  }

  /** When the earliest pending delivery of an enabled endpoint falls due; null when none is waiting. */
  async nextAttemptAt(): Promise<Date | null> {
    const [row] = (await this.dataSource.query(
      `SELECT min(d.next_attempt_at) AS at FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
       WHERE d.status = 'pending' AND e.enabled`,
    )) as [{ at: Date | null }];
    return row.at;
  }

  /** Newest first. */
  async query(q: WebhookDeliveryQuery): Promise<Page<WebhookDelivery>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.endpointId !== undefined) add('endpoint_id = ?', isUuid(q.endpointId) ? q.endpointId : null);
    if (q.alertId === WEBHOOK_TEST_ALERT_ID) where.push('alert_id IS NULL');
    else if (q.alertId !== undefined) add('alert_id = ?', isUuid(q.alertId) ? q.alertId : null);
    if (q.status !== undefined) add('status = ?', q.status);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const limit = Math.min(Math.max(Math.floor(q.limit ?? 100), 1), 500);
    const offset = Math.max(Math.floor(q.offset ?? 0), 0);
    const [{ total }] = (await this.dataSource.query(`SELECT count(*)::int AS total FROM webhook_deliveries ${filter}`, params)) as [{ total: number }];
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM webhook_deliveries ${filter} ORDER BY created_at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`,
      params,
    )) as Record<string, unknown>[];
    return { total, items: rows.map(toDelivery) };
  }
}

function toDelivery(r: Record<string, unknown>): WebhookDelivery {
  return {
    id: r.id as string,
    endpointId: r.endpoint_id as string,
    alertId: (r.alert_id as string | null) ?? WEBHOOK_TEST_ALERT_ID,
    event: r.event as WebhookEvent,
    status: r.status as WebhookDeliveryStatus,
    attempts: r.attempts as number,
    httpStatus: r.http_status as number | null,
    error: r.error as string | null,
    createdAt: (r.created_at as Date).toISOString(),
    lastAttemptAt: isoOrNull(r.last_attempt_at),
    nextAttemptAt: isoOrNull(r.next_attempt_at),
  };
}
