import { Injectable, NotFoundException } from '@nestjs/common';
import {
  AlertHistoryRepository, AlertRepository, DeploymentRepository, DeviceRepository, IncidentRepository, ReplayReadingRepository, ReplayScopeRepository,
  type ReplayScope,
} from '@tianyan/storage';
import { incidentReadings } from './incident-readings';

export const ARCHIVE_FORMAT = 'tianyan-incident-archive';
export const ARCHIVE_VERSION = 1;

/**
 * The NDJSON lines of an incident archive: a header (incident, deployments, devices), then every
 * reading of the deployment windows as `DeviceReading` JSON in replay order, then one line per alert
 * of those devices open at its start or with a step inside it (`{ alert, steps, readings }`, every
 * step of the alert, each at its server and device time). Lazy: the
 * readings are read page by page while the response is written.
 */
@Injectable()
export class IncidentArchiveExportService {
  constructor(
    private readonly incidents: IncidentRepository,
    private readonly deployments: DeploymentRepository,
    private readonly devices: DeviceRepository,
    private readonly scopes: ReplayScopeRepository,
    private readonly replay: ReplayReadingRepository,
    private readonly alerts: AlertRepository,
    private readonly history: AlertHistoryRepository,
  ) {}

  async export(incidentId: string): Promise<{ code: string; lines: AsyncIterable<string> }> {
    const [incident, scope] = [await this.incidents.get(incidentId), await this.scopes.scope(incidentId)];
    if (!incident || !scope) throw new NotFoundException(`incident ${incidentId} not found`);
    const deployments = await this.deployments.listByIncident(incidentId);
    const deviceIds = [...new Set(deployments.map((d) => d.deviceId))];
    const devices = [];
    for (const id of deviceIds) {
      const row = await this.devices.findById(id);
      if (row) devices.push({ id: row.id, kind: row.kind });
    }
    const header = { format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, incident, deployments, devices };
    return { code: incident.code, lines: this.lines(JSON.stringify(header), scope, deviceIds) };
  }

  private async *lines(header: string, scope: ReplayScope, deviceIds: string[]): AsyncGenerator<string> {
    yield header + '\n';
    const until = scope.endAt ?? Date.now();
    for await (const r of incidentReadings(this.replay, scope.windows, until)) yield JSON.stringify(r) + '\n';
    // Open at the start (raised before it) or with a step during it: what seek and replay show.
    for (const alertId of await this.replay.alertIdsDuring(deviceIds, scope.startAt, until)) {
      const alert = await this.alerts.get(alertId);
      if (!alert) continue;
      yield JSON.stringify({ alert, steps: await this.history.steps(alertId), readings: await this.history.readings(alertId) }) + '\n';
    }
  }
}
