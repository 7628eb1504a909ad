import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReplayWindow } from './replay-window';

/** What a replay of an incident covers: its time range and the deployed devices' windows. */
export interface ReplayScope {
  incidentId: string;
  drill: boolean;
  /** Epoch ms. */
  startAt: number;
  /** Epoch ms; null while the incident is open. */
  endAt: number | null;
  windows: ReplayWindow[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the incidents and deployments tables for a replay; a deployment open-ended runs to the incident's end. */
@Injectable()
export class ReplayScopeRepository {
  constructor(private readonly dataSource: DataSource) {}

  async scope(incidentId: string): Promise<ReplayScope | null> {
    if (!UUID.test(incidentId)) return null;
    const [incident] = (await this.dataSource.query(
      `SELECT drill, (extract(epoch FROM start_at) * 1000)::float8 AS start_ms, (extract(epoch FROM end_at) * 1000)::float8 AS end_ms
       FROM incidents WHERE id = $1`,
      [incidentId],
    )) as { drill: boolean; start_ms: number; end_ms: number | null }[];
    if (!incident) return null;
    const deployments = (await this.dataSource.query(
      `SELECT device_id, (extract(epoch FROM from_at) * 1000)::float8 AS from_ms, (extract(epoch FROM to_at) * 1000)::float8 AS to_ms
       FROM deployments WHERE incident_id = $1 ORDER BY from_at, device_id`,
      [incidentId],
    )) as { device_id: string; from_ms: number; to_ms: number | null }[];
    return {
      incidentId,
      drill: incident.drill,
      startAt: incident.start_ms,
      endAt: incident.end_ms,
      windows: deployments.map((d) => ({ deviceId: d.device_id, from: d.from_ms, to: d.to_ms ?? incident.end_ms })),
    };
  }
}
