import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RESPONSIBLE_UNIT_TIERS, type ResponsibleUnit, type ResponsibleUnitTier } from '@tianyan/contracts';
import { DuplicateNameError } from './duplicate-name.error';
import { isUuid } from './uuid';

const COLUMNS = 'id::text AS id, name, tier, contact, created_at';

/** The units alerts are dispatched to (enterprise, county, city, province). */
@Injectable()
export class ResponsibleUnitRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** By tier (enterprise first, province last), then name. */
  async list(): Promise<ResponsibleUnit[]> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM responsible_units ORDER BY array_position($1::text[], tier), name, id`, [
      RESPONSIBLE_UNIT_TIERS,
    ])) as Record<string, unknown>[];
    return rows.map(toUnit);
  }

  async get(id: string): Promise<ResponsibleUnit | null> {
    if (!isUuid(id)) return null;
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM responsible_units WHERE id = $1`, [id])) as Record<string, unknown>[];
    return rows[0] ? toUnit(rows[0]) : null;
  }

  /** Throws DuplicateNameError when the name is taken. */
  async create(unit: { name: string; tier: ResponsibleUnitTier; contact?: string | null }): Promise<ResponsibleUnit> {
    const rows = (await this.dataSource.query(
      `INSERT INTO responsible_units (name, tier, contact) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING RETURNING ${COLUMNS}`,
      [unit.name, unit.tier, unit.contact ?? null],
    )) as Record<string, unknown>[];
    if (!rows[0]) throw new DuplicateNameError('responsible unit', unit.name);
    return toUnit(rows[0]);
  }
}

function toUnit(r: Record<string, unknown>): ResponsibleUnit {
  return {
    id: r.id as string,
    name: r.name as string,
    tier: r.tier as ResponsibleUnitTier,
    contact: r.contact as string | null,
    createdAt: (r.created_at as Date).toISOString(),
  };
}
