import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { IncidentWind } from '@tianyan/contracts';
import { isUuid } from '../alerts/uuid';

/** The wind reported per incident (situation_wind). */
@Injectable()
export class IncidentWindRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** False when there is no such incident. */
  async set(incidentId: string, wind: IncidentWind): Promise<boolean> {
    if (!isUuid(incidentId)) return false;
    const rows = (await this.dataSource.query(
      `INSERT INTO situation_wind (incident_id, from_deg, speed_ms) SELECT id, $2, $3 FROM incidents WHERE id = $1
       ON CONFLICT (incident_id) DO UPDATE SET from_deg = EXCLUDED.from_deg, speed_ms = EXCLUDED.speed_ms, updated_at = now()
       RETURNING incident_id`,
      [incidentId, wind.fromDeg, wind.speedMs],
    )) as unknown[];
    return rows.length > 0;
  }

  async get(incidentId: string): Promise<IncidentWind | null> {
    if (!isUuid(incidentId)) return null;
    const rows = (await this.dataSource.query('SELECT from_deg, speed_ms FROM situation_wind WHERE incident_id = $1', [incidentId])) as { from_deg: number; speed_ms: number | null }[];
    return rows[0] ? { fromDeg: rows[0].from_deg, speedMs: rows[0].speed_ms } : null;
  }

  async clear(incidentId: string): Promise<void> {
    if (isUuid(incidentId)) await this.dataSource.query('DELETE FROM situation_wind WHERE incident_id = $1', [incidentId]);
  }

  /** Every incident's reported wind, by incident id (a handful of rows: read once per round). */
  async all(): Promise<Map<string, IncidentWind>> {
    const rows = (await this.dataSource.query('SELECT incident_id::text AS incident_id, from_deg, speed_ms FROM situation_wind')) as { incident_id: string; from_deg: number; speed_ms: number | null }[];
    return new Map(rows.map((r) => [r.incident_id, { fromDeg: r.from_deg, speedMs: r.speed_ms }]));
  }
}
