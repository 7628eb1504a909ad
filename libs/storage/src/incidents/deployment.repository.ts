import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Deployment, DeviceKind, deploymentInputSchema } from '@tianyan/contracts';
import { isUuid } from '../alerts/uuid';
import { DeploymentRefusedError } from './deployment-refused.error';

/** A deployment as validated (defaults applied). */
export type DeploymentFields = z.output<typeof deploymentInputSchema>;

const COLUMNS = `d.id::text AS id, d.incident_id::text AS incident_id, d.device_id, v.kind AS device_kind, d.from_at, d.to_at, d.role`;
const FROM = 'deployments d JOIN devices v ON v.id = d.device_id';
/** After `WITH d AS (INSERT/UPDATE … RETURNING *)`: the statement's own scans of deployments would not see the change. */
const FROM_CHANGED = 'd JOIN devices v ON v.id = d.device_id';
/** The window covers T: from ≤ T < to, an open end covering everything after. */
const COVERS = 'd.from_at <= $2::timestamptz AND (d.to_at IS NULL OR $2::timestamptz < d.to_at)';

/**
 * Devices assigned to an incident for a time window. One device's windows within one incident never
 * overlap, so at any T a device has at most one deployment per incident.
 */
@Injectable()
export class DeploymentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Throws DeploymentRefusedError for an unknown device or an overlapping window; null for an unknown incident. */
  async add(incidentId: string, input: DeploymentFields): Promise<Deployment | null> {
    if (!isUuid(incidentId)) return null;
    return this.dataSource.transaction(async (m) => {
      // Locking the incident serialises the overlap check with other writers of the same incident.
      const incident = (await m.query('SELECT id FROM incidents WHERE id = $1 FOR UPDATE', [incidentId])) as unknown[];
      if (incident.length === 0) return null;
      const device = (await m.query('SELECT kind FROM devices WHERE id = $1', [input.deviceId])) as unknown[];
      if (device.length === 0) throw new DeploymentRefusedError('unknown-device', `no device ${input.deviceId}`);
      const overlapping = (await m.query(
        `SELECT ${COLUMNS} FROM ${FROM}
         WHERE d.incident_id = $1 AND d.device_id = $2
           AND d.from_at < coalesce($4::timestamptz, 'infinity') AND $3::timestamptz < coalesce(d.to_at, 'infinity')
         LIMIT 1`,
        [incidentId, input.deviceId, input.from, input.to],
      )) as Record<string, unknown>[];
      if (overlapping[0]) {
        const other = toDeployment(overlapping[0]);
        throw new DeploymentRefusedError('overlap', `${input.deviceId} is already deployed to this incident from ${other.from} to ${other.to ?? 'its end'}`);
      }
      const [row] = (await m.query(
        `WITH d AS (INSERT INTO deployments (incident_id, device_id, from_at, to_at, role)
           VALUES ($1, $2, $3::timestamptz, $4::timestamptz, $5) RETURNING *)
         SELECT ${COLUMNS} FROM ${FROM_CHANGED}`,
        [incidentId, input.deviceId, input.from, input.to, input.role ?? null],
      )) as Record<string, unknown>[];
      return toDeployment(row!);
    });
  }

  async get(incidentId: string, id: string): Promise<Deployment | null> {
    if (!isUuid(incidentId) || !isUuid(id)) return null;
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE d.incident_id = $1 AND d.id = $2`, [incidentId, id])) as Record<string, unknown>[];
    return rows[0] ? toDeployment(rows[0]) : null;
  }

  /** Ends an open window at `at`, or moves an end; null when the deployment is not found. The caller checks at > from. */
  async end(incidentId: string, id: string, at: string): Promise<Deployment | null> {
    if (!isUuid(incidentId) || !isUuid(id)) return null;
    const rows = (await this.dataSource.query(
      `WITH d AS (UPDATE deployments SET to_at = $3::timestamptz WHERE incident_id = $1 AND id = $2 RETURNING *)
       SELECT ${COLUMNS} FROM ${FROM_CHANGED}`,
      [incidentId, id, at],
    )) as Record<string, unknown>[];
    return rows[0] ? toDeployment(rows[0]) : null;
  }

  /** Every deployment of the incident, by start then device. */
  async listByIncident(incidentId: string): Promise<Deployment[]> {
    if (!isUuid(incidentId)) return [];
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE d.incident_id = $1 ORDER BY d.from_at, d.device_id, d.id`, [incidentId])) as Record<string, unknown>[];
    return rows.map(toDeployment);
  }

  /** The deployments whose window covers `atMs` (epoch ms), by device. */
  async activeAt(incidentId: string, atMs: number): Promise<Deployment[]> {
    if (!isUuid(incidentId)) return [];
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE d.incident_id = $1 AND ${COVERS} ORDER BY d.device_id`,
      [incidentId, new Date(atMs).toISOString()],
    )) as Record<string, unknown>[];
    return rows.map(toDeployment);
  }

  /** Every device ever deployed to the incident, sorted. */
  async devicesOf(incidentId: string): Promise<string[]> {
    if (!isUuid(incidentId)) return [];
    const rows = (await this.dataSource.query('SELECT DISTINCT device_id FROM deployments WHERE incident_id = $1 ORDER BY device_id', [incidentId])) as { device_id: string }[];
    return rows.map((r) => r.device_id);
  }
}

function toDeployment(r: Record<string, unknown>): Deployment {
  return {
    id: r.id as string,
    incidentId: r.incident_id as string,
    deviceId: r.device_id as string,
    deviceKind: r.device_kind as DeviceKind,
    from: (r.from_at as Date).toISOString(),
    to: r.to_at === null ? null : (r.to_at as Date).toISOString(),
    role: (r.role as string | null) ?? null,
  };
}
