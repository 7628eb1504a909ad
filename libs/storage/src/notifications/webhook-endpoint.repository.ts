import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AlertLevel, WebhookEndpoint, WebhookEvent, WebhookFormat, webhookInputSchema } from '@tianyan/contracts';
import type { z } from 'zod';
import { isUuid } from '../alerts/uuid';
import { webhookEndpointMatches } from './webhook-endpoint-matches';

/** A validated endpoint as the API receives it (secret included). */
export type WebhookEndpointInput = z.output<typeof webhookInputSchema>;

/** Fields to change; `secret: null` removes the secret, leaving it out keeps it. */
export type WebhookEndpointChange = Partial<Omit<WebhookEndpointInput, 'secret'>> & { secret?: string | null };

/** An endpoint with the secret it signs with: only for sending, never for the API. */
export interface SigningWebhookEndpoint extends WebhookEndpoint {
  secret: string | null;
}

/**
 * How long the enabled endpoints are reused by `matching`. This process's own changes drop them at
 * once; a change made by another api process is seen by this one within this time.
 */
export const ENABLED_ENDPOINTS_TTL_MS = 5000;

const COLUMNS = 'id::text AS id, name, url, format, min_level, unit_ids::text[] AS unit_ids, events, secret, enabled, created_at';

/** Where alerts are sent (admin-managed; see the alert-notifications migration). */
@Injectable()
export class WebhookEndpointRepository {
  /** The enabled endpoints as last read (alert events are many, endpoint changes rare). */
  private enabled: { until: number; endpoints: Promise<SigningWebhookEndpoint[]> } | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<WebhookEndpoint[]> {
    return (await this.rows('ORDER BY created_at, id', [])).map(withoutSecret);
  }

  async get(id: string): Promise<WebhookEndpoint | null> {
    const endpoint = await this.getSigning(id);
    return endpoint && withoutSecret(endpoint);
  }

  async getSigning(id: string): Promise<SigningWebhookEndpoint | null> {
    if (!isUuid(id)) return null;
    return (await this.rows('WHERE id = $1', [id]))[0] ?? null;
  }

  async create(input: WebhookEndpointInput): Promise<WebhookEndpoint> {
    const rows = (await this.dataSource.query(
      `INSERT INTO webhook_endpoints (name, url, format, min_level, unit_ids, events, secret, enabled)
       VALUES ($1, $2, $3, $4, $5::uuid[], $6::jsonb, $7, $8) RETURNING ${COLUMNS}`,
      [input.name, input.url, input.format, input.minLevel, input.unitIds, JSON.stringify(input.events), input.secret ?? null, input.enabled],
    )) as Record<string, unknown>[];
    this.enabled = null;
    return withoutSecret(toEndpoint(rows[0]!));
  }

  /** Null when there is no such endpoint. */
  async update(id: string, change: WebhookEndpointChange): Promise<WebhookEndpoint | null> {
    if (!isUuid(id)) return null;
    const sets: string[] = [];
    const params: unknown[] = [id];
    const set = (column: string, value: unknown, cast = '') => {
      params.push(value);
      sets.push(`${column} = $${params.length}${cast}`);
    };
    if (change.name !== undefined) set('name', change.name);
    if (change.url !== undefined) set('url', change.url);
    if (change.format !== undefined) set('format', change.format);
    if (change.minLevel !== undefined) set('min_level', change.minLevel);
    if (change.unitIds !== undefined) set('unit_ids', change.unitIds, '::uuid[]');
    if (change.events !== undefined) set('events', JSON.stringify(change.events), '::jsonb');
    if (change.secret !== undefined) set('secret', change.secret);
    if (change.enabled !== undefined) set('enabled', change.enabled);
    const rows = (await this.dataSource.query(
      `UPDATE webhook_endpoints SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
      params,
    )) as [Record<string, unknown>[], number];
    this.enabled = null;
    const updated = rows[0]?.[0];
    return updated ? withoutSecret(toEndpoint(updated)) : null;
  }

  /** Deletes the endpoint and its delivery history; false when there was none. */
  async remove(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const [, count] = (await this.dataSource.query('DELETE FROM webhook_endpoints WHERE id = $1', [id])) as [unknown, number];
    this.enabled = null;
    return count > 0;
  }

  /** Null when the endpoint has no secret (or does not exist). */
  async secretOf(id: string): Promise<string | null> {
    return (await this.getSigning(id))?.secret ?? null;
  }

  /**
   * The enabled endpoints to tell about an alert event, with their secrets (shared: not to be
   * changed). There are a handful of endpoints, so the rule lives in one tested function rather than
   * twice (SQL and code), and the list is read at most once per ENABLED_ENDPOINTS_TTL_MS.
   */
  async matching(level: AlertLevel, unitId: string | null, event: WebhookEvent): Promise<SigningWebhookEndpoint[]> {
    const enabled = await this.enabledEndpoints();
    return enabled.filter((endpoint) => webhookEndpointMatches(endpoint, { level, unitId, event }));
  }

  private enabledEndpoints(): Promise<SigningWebhookEndpoint[]> {
    const now = Date.now();
    if (this.enabled && this.enabled.until > now) return this.enabled.endpoints;
    const entry = { until: now + ENABLED_ENDPOINTS_TTL_MS, endpoints: this.rows('WHERE enabled ORDER BY created_at, id', []) };
    this.enabled = entry;
    // A failed read is not kept: the next event asks again.
    entry.endpoints.catch(() => {
      if (this.enabled === entry) this.enabled = null;
    });
    return entry.endpoints;
  }

  private async rows(tail: string, params: unknown[]): Promise<SigningWebhookEndpoint[]> {
    return ((await this.dataSource.query(`SELECT ${COLUMNS} FROM webhook_endpoints ${tail}`, params)) as Record<string, unknown>[]).map(toEndpoint);
  }
}

function toEndpoint(r: Record<string, unknown>): SigningWebhookEndpoint {
  return {
    id: r.id as string,
    name: r.name as string,
    url: r.url as string,
    format: r.format as WebhookFormat,
    minLevel: r.min_level as AlertLevel,
    unitIds: r.unit_ids as string[],
    events: r.events as WebhookEvent[],
    secret: r.secret as string | null,
    hasSecret: r.secret !== null,
    enabled: r.enabled as boolean,
    createdAt: (r.created_at as Date).toISOString(),
  };
}

function withoutSecret({ secret: _secret, ...endpoint }: SigningWebhookEndpoint): WebhookEndpoint {
  return endpoint;
}
