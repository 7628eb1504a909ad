import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DeploymentRepository } from '@tianyan/storage';

const REFRESH_MS = 10_000;
const NONE: ReadonlySet<string> = new Set();

/**
 * Which devices are deployed to an incident now, for live screens filtered to it (room
 * `incident:<id>`): asked for every reading, so answered from memory. Only incidents some client
 * watches are kept; they are reloaded when their deployments change and every 10 s, since a window
 * also opens or closes by itself as time passes.
 */
@Injectable()
export class IncidentDeviceCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(IncidentDeviceCache.name);
  private readonly devices = new Map<string, ReadonlySet<string>>();
  private readonly watchers = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly deployments: DeploymentRepository) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.refreshAll(), REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Devices deployed to the incident at the last refresh; empty until the first load. */
  devicesOf(incidentId: string): ReadonlySet<string> {
    return this.devices.get(incidentId) ?? NONE;
  }

  /** One more client watches the incident; resolves once its devices are loaded. */
  async watch(incidentId: string): Promise<void> {
    const count = this.watchers.get(incidentId) ?? 0;
    this.watchers.set(incidentId, count + 1);
    if (count === 0) await this.refresh(incidentId);
  }

  unwatch(incidentId: string): void {
    const count = (this.watchers.get(incidentId) ?? 0) - 1;
    if (count > 0) return void this.watchers.set(incidentId, count);
    this.watchers.delete(incidentId);
    this.devices.delete(incidentId);
  }

  /** Reloads the incident's devices if anyone watches it (after a deployment changed). */
  async refresh(incidentId: string): Promise<void> {
    if (!this.watchers.has(incidentId)) return;
    try {
      const active = await this.deployments.activeAt(incidentId, Date.now());
      if (this.watchers.has(incidentId)) this.devices.set(incidentId, new Set(active.map((d) => d.deviceId)));
    } catch (err) {
      // Keep the last known set: a filtered screen showing slightly stale devices beats an empty one.
      this.logger.warn(`cannot load the devices of incident ${incidentId}: ${(err as Error).message}`);
    }
  }

  private async refreshAll(): Promise<void> {
    for (const incidentId of [...this.watchers.keys()]) await this.refresh(incidentId);
  }
}
