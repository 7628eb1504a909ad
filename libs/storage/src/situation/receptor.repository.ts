import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Receptor, ReceptorInput, ReceptorKind } from '@tianyan/contracts';
import { isUuid } from '../alerts/uuid';

const COLUMNS = 'id::text AS id, name, kind, geometry, population, properties, created_at';
/** clock_timestamp(), not now(): the receptors of one import keep the file's order. */
const INSERT = `INSERT INTO receptors (name, kind, geometry, population, properties, created_at)
  VALUES ($1, $2, $3::jsonb, $4, $5::jsonb, clock_timestamp()) RETURNING ${COLUMNS}`;

/**
 * Sensitive receptors (schools, hospitals, villages, water intakes). One row per statement: an
 * import validates each geometry to at most MAX_RECEPTOR_POSITIONS vertices, which keeps a row well
 * under the embedded database's 64 KiB statement; the rows of one import share a transaction.
 */
@Injectable()
export class ReceptorRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** All of them or none. */
  async createMany(inputs: readonly ReceptorInput[]): Promise<Receptor[]> {
    return this.dataSource.transaction(async (m) => {
      const created: Receptor[] = [];
      for (const r of inputs) {
        const rows = (await m.query(INSERT, [r.name, r.kind, JSON.stringify(r.geometry), r.population, JSON.stringify(r.properties)])) as Record<string, unknown>[];
        created.push(toReceptor(rows[0]!));
      }
      return created;
    });
  }

  /** The receptors not deleted, oldest first. */
  async list(): Promise<Receptor[]> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM receptors WHERE deleted_at IS NULL ORDER BY created_at, id`)) as Record<string, unknown>[];
    return rows.map(toReceptor);
  }

  async get(id: string): Promise<Receptor | null> {
    if (!isUuid(id)) return null;
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM receptors WHERE id = $1 AND deleted_at IS NULL`, [id])) as Record<string, unknown>[];
    return rows[0] ? toReceptor(rows[0]) : null;
  }

  /** False when there is no such (undeleted) receptor. */
  async softDelete(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const [, count] = (await this.dataSource.query('UPDATE receptors SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL', [id])) as [unknown, number];
    return count > 0;
  }
}

function toReceptor(r: Record<string, unknown>): Receptor {
  return {
    id: r.id as string,
    name: r.name as string,
    kind: r.kind as ReceptorKind,
    geometry: r.geometry as Receptor['geometry'],
    population: (r.population as number | null) ?? null,
    properties: (r.properties as Record<string, unknown> | null) ?? {},
    createdAt: (r.created_at as Date).toISOString(),
  };
}
