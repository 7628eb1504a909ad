import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Incident, IncidentLevel, incidentInputSchema } from '@tianyan/contracts';
import { DuplicateNameError } from '../alerts/duplicate-name.error';
import { isUuid } from '../alerts/uuid';
import { sqlState } from '../sql-errors';
import { isoOrNull } from '../row-time';

/** An incident as validated (defaults applied). */
export type IncidentFields = z.output<typeof incidentInputSchema>;

export interface IncidentListFilter {
  drill?: boolean;
  /** true: end_at is null; false: closed. */
  open?: boolean;
}

const COLUMNS = `id::text AS id, code, title, level, drill, area, start_at, end_at, description, created_at, updated_at`;

/** Incidents: a time window, an area and a level; closing sets the end. */
@Injectable()
export class IncidentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Throws DuplicateNameError when the code is taken. */
  async create(input: IncidentFields): Promise<Incident> {
    const rows = await this.unique(input.code, () =>
      this.dataSource.query(
        `INSERT INTO incidents (code, title, level, drill, area, start_at, end_at, description)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::timestamptz, $7::timestamptz, $8) RETURNING ${COLUMNS}`,
        [input.code, input.title, input.level, input.drill, json(input.area), input.startAt, input.endAt, input.description ?? null],
      ),
    );
    return toIncident(rows[0]!);
  }

  async get(id: string): Promise<Incident | null> {
    if (!isUuid(id)) return null;
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM incidents WHERE id = $1`, [id])) as Record<string, unknown>[];
    return rows[0] ? toIncident(rows[0]) : null;
  }

  /** Newest start first. */
  async list(filter: IncidentListFilter = {}): Promise<Incident[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.drill !== undefined) where.push(`drill = $${params.push(filter.drill)}`);
    if (filter.open !== undefined) where.push(filter.open ? 'end_at IS NULL' : 'end_at IS NOT NULL');
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY start_at DESC, id DESC`,
      params,
    )) as Record<string, unknown>[];
    return rows.map(toIncident);
  }

  /** Replaces every field; null when the incident does not exist. Throws DuplicateNameError when the new code is taken. */
  async update(id: string, input: IncidentFields): Promise<Incident | null> {
    if (!isUuid(id)) return null;
    const rows = await this.unique(input.code, () =>
      this.dataSource.query(
        `WITH i AS (UPDATE incidents SET code = $2, title = $3, level = $4, drill = $5, area = $6::jsonb, start_at = $7::timestamptz,
           end_at = $8::timestamptz, description = $9, updated_at = now()
         WHERE id = $1 RETURNING *) SELECT ${COLUMNS} FROM i`,
        [id, input.code, input.title, input.level, input.drill, json(input.area), input.startAt, input.endAt, input.description ?? null],
      ),
    );
    return rows[0] ? toIncident(rows[0]) : null;
  }

  /** Sets the end (default now); null when the incident does not exist. */
  async close(id: string, endAt: string): Promise<Incident | null> {
    if (!isUuid(id)) return null;
    const rows = (await this.dataSource.query(
      `WITH i AS (UPDATE incidents SET end_at = $2::timestamptz, updated_at = now() WHERE id = $1 RETURNING *) SELECT ${COLUMNS} FROM i`,
      [id, endAt],
    )) as Record<string, unknown>[];
    return rows[0] ? toIncident(rows[0]) : null;
  }

  /** Statements here are INSERT … RETURNING or WITH … SELECT, which both come back as plain rows. */
  private async unique(code: string, run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
    try {
      return (await run()) as Record<string, unknown>[];
    } catch (e) {
      if (sqlState(e) === '23505') throw new DuplicateNameError('incident', code);
      throw e;
    }
  }
}

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}


function toIncident(r: Record<string, unknown>): Incident {
  return {
    id: r.id as string,
    code: r.code as string,
    title: r.title as string,
    level: r.level as IncidentLevel,
    drill: r.drill as boolean,
    area: (r.area as Array<[number, number]> | null) ?? null,
    startAt: (r.start_at as Date).toISOString(),
    endAt: isoOrNull(r.end_at),
    description: (r.description as string | null) ?? null,
    state: r.end_at === null ? 'open' : 'closed',
    createdAt: (r.created_at as Date).toISOString(),
    updatedAt: (r.updated_at as Date).toISOString(),
  };
}
