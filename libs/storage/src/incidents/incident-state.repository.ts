import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Alert, AlertLevel, AlertState, Deployment, DeviceKind, DeviceReading, IncidentStateAt, Stream } from '@tianyan/contracts';
import { AlertRepository } from '../alerts/alert.repository';
import { READING_FAMILIES } from '../families/reading-families';
import { COMMON_SELECT, rowToReading, type ReadingFamily, type Row } from '../families/reading-family';
import { DeploymentRepository } from './deployment.repository';
import { IncidentRepository } from './incident.repository';

/**
 * Seek: the state of an incident at T. One statement per reading table (a LATERAL "last row at or
 * before T" per deployed device, on the (device_id, time, seq) key), one for the alerts.
 */
@Injectable()
export class IncidentStateRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly incidents: IncidentRepository,
    private readonly deployments: DeploymentRepository,
    private readonly alerts: AlertRepository,
  ) {}

  /**
   * For each deployment covering T, the last reading of each stream with from ≤ time ≤ T (device
   * time); and the alerts of those devices open at T, with the state and level of their last step at
   * or before T by incident time (a step's device time when the engine took it on a reading, else
   * when it was recorded): an alert with no step by T did not exist yet. Null for an unknown
   * incident; any T is answered.
   */
  async stateAt(incidentId: string, atMs: number): Promise<IncidentStateAt | null> {
    const incident = await this.incidents.get(incidentId);
    if (!incident) return null;
    const active = await this.deployments.activeAt(incidentId, atMs);
    const latest = new Map<string, DeviceReading[]>(active.map((d) => [d.deviceId, []]));
    for (const family of READING_FAMILIES) {
      for (const reading of await this.lastRows(family, active, atMs)) latest.get(reading.deviceId)!.push(reading);
    }
    return {
      incident,
      at: atMs,
      devices: active.map((deployment) => ({ deployment, latest: latest.get(deployment.deviceId)! })),
      alerts: await this.openAlerts(active.map((d) => d.deviceId), atMs),
    };
  }

  private async lastRows(family: ReadingFamily, active: Deployment[], atMs: number): Promise<DeviceReading[]> {
    const kinds = new Set(family.streams.map((s) => s.split('/')[0] as DeviceKind));
    const devices = active.filter((d) => kinds.has(d.deviceKind));
    if (devices.length === 0) return [];
    // device_status holds every kind's status; the device's own kind picks its stream.
    const kindFilter = family.table === 'device_status' ? 'AND t.kind = w.kind' : '';
    const rows = (await this.dataSource.query(
      `SELECT r.* FROM unnest($1::text[], $2::text[], $3::float8[]) AS w(dev, kind, from_ms)
       CROSS JOIN LATERAL (
         SELECT ${COMMON_SELECT}, ${family.selectColumns} FROM ${family.table} t
         WHERE t.device_id = w.dev AND t.time >= to_timestamp(w.from_ms / 1000.0) AND t.time <= to_timestamp($4 / 1000.0) ${kindFilter}
         ORDER BY t.time DESC, t.seq DESC LIMIT 1
       ) r`,
      [devices.map((d) => d.deviceId), devices.map((d) => d.deviceKind), devices.map((d) => Date.parse(d.from)), atMs],
    )) as Row[];
    const kindOf = new Map(devices.map((d) => [d.deviceId, d.deviceKind]));
    const streamOf = (row: Row): Stream => (family.streams.length === 1 ? family.streams[0]! : (`${kindOf.get(row.device_id as string)!}/status` as Stream));
    return rows.map((row) => rowToReading(family, streamOf(row), row));
  }

  private async openAlerts(deviceIds: string[], atMs: number): Promise<Alert[]> {
    if (deviceIds.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT a.id::text AS id, s.to_state, s.level FROM alerts a
       CROSS JOIN LATERAL (
         SELECT to_state, level FROM alert_steps st
         WHERE st.alert_id = a.id AND COALESCE(st.device_at, st.at) <= to_timestamp($2 / 1000.0)
         ORDER BY COALESCE(st.device_at, st.at) DESC, st.ordinal DESC LIMIT 1
       ) s
       WHERE a.device_id = ANY($1::text[]) AND s.to_state NOT IN ('closed', 'lifted')
       ORDER BY a.first_reading_at, a.id`,
      [deviceIds, atMs],
    )) as { id: string; to_state: AlertState; level: AlertLevel }[];
    const alerts: Alert[] = [];
    for (const row of rows) {
      const alert = await this.alerts.get(row.id);
      // The rest of the row (measure, peak, occurrences) is as it stands now: steps record only state and level.
      if (alert) alerts.push({ ...alert, state: row.to_state, level: row.level });
    }
    return alerts;
  }
}
