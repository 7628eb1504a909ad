import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** One device's window on one incident that is open now. */
export interface OpenDeployment {
  incidentId: string;
  drill: boolean;
  deviceId: string;
  fromMs: number;
  /** Null: until the incident ends. */
  toMs: number | null;
}

/** Which devices feed which incident's situation picture: the deployments of every open incident. */
@Injectable()
export class SituationScopeRepository {
  constructor(private readonly dataSource: DataSource) {}

  async openDeployments(): Promise<OpenDeployment[]> {
    const rows = (await this.dataSource.query(
      `SELECT d.incident_id::text AS incident_id, i.drill, d.device_id,
              (extract(epoch FROM d.from_at) * 1000)::float8 AS from_ms, (extract(epoch FROM d.to_at) * 1000)::float8 AS to_ms
       FROM deployments d JOIN incidents i ON i.id = d.incident_id
       WHERE i.end_at IS NULL OR i.end_at > now()
       ORDER BY d.incident_id, d.device_id, d.from_at`,
    )) as { incident_id: string; drill: boolean; device_id: string; from_ms: number; to_ms: number | null }[];
    return rows.map((r) => ({ incidentId: r.incident_id, drill: r.drill, deviceId: r.device_id, fromMs: r.from_ms, toMs: r.to_ms }));
  }
}
