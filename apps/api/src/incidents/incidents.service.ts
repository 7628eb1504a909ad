import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { incidentInputSchema, type Deployment, type Incident, type IncidentStateAt } from '@tianyan/contracts';
import {
  DeploymentRefusedError, DeploymentRepository, DuplicateNameError, IncidentRepository, IncidentStateRepository,
  type DeploymentFields, type IncidentFields, type IncidentListFilter,
} from '@tianyan/storage';
import type { z } from 'zod';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/authenticated-user';
import { IncidentDeviceCache } from './incident-device-cache';
import type { incidentPatchSchema } from './incident-patch.schema';

type IncidentPatch = z.output<typeof incidentPatchSchema>;

/** Incidents and their deployments (commanders change them, audited) and the state at T (seek). */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly incidents: IncidentRepository,
    private readonly deployments: DeploymentRepository,
    private readonly states: IncidentStateRepository,
    private readonly audit: AuditService,
    private readonly liveDevices: IncidentDeviceCache,
  ) {}

  list(filter: IncidentListFilter): Promise<Incident[]> {
    return this.incidents.list(filter);
  }

  async get(id: string): Promise<Incident> {
    const incident = await this.incidents.get(id);
    if (!incident) throw new NotFoundException(`no incident ${id}`);
    return incident;
  }

  async create(input: IncidentFields, actor: Actor): Promise<Incident> {
    const incident = await codeTaken(() => this.incidents.create(input));
    await this.audit.record(actor, 'incident.create', { type: 'incident', id: incident.id }, { after: incident });
    return incident;
  }

  async update(id: string, patch: IncidentPatch, actor: Actor): Promise<Incident> {
    const before = await this.get(id);
    const merged = incidentInputSchema.safeParse({ ...inputOf(before), ...patch });
    if (!merged.success) throw new BadRequestException(merged.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    const after = await codeTaken(() => this.incidents.update(id, merged.data));
    if (!after) throw new NotFoundException(`no incident ${id}`);
    await this.audit.record(actor, 'incident.update', { type: 'incident', id }, { before, after });
    return after;
  }

  /** Ends the incident at `endAt` (default now). */
  async close(id: string, endAt: string | undefined, actor: Actor): Promise<Incident> {
    const before = await this.get(id);
    if (before.endAt !== null) throw new ConflictException(`incident ${before.code} was closed at ${before.endAt}`);
    const end = endAt ?? new Date().toISOString();
    if (Date.parse(end) <= Date.parse(before.startAt)) throw new BadRequestException(`endAt: must be after the start (${before.startAt})`);
    const after = (await this.incidents.close(id, end))!;
    await this.audit.record(actor, 'incident.close', { type: 'incident', id }, { before, after });
    return after;
  }

  async listDeployments(incidentId: string): Promise<Deployment[]> {
    await this.get(incidentId);
    return this.deployments.listByIncident(incidentId);
  }

  async deploy(incidentId: string, input: DeploymentFields, actor: Actor): Promise<Deployment> {
    let deployment: Deployment | null;
    try {
      deployment = await this.deployments.add(incidentId, input);
    } catch (err) {
      if (!(err instanceof DeploymentRefusedError)) throw err;
      throw err.reason === 'overlap' ? new ConflictException(err.message) : new BadRequestException(`deviceId: ${err.message}`);
    }
    if (!deployment) throw new NotFoundException(`no incident ${incidentId}`);
    await this.audit.record(actor, 'incident.deploy', { type: 'deployment', id: deployment.id }, { after: deployment });
    await this.liveDevices.refresh(incidentId);
    return deployment;
  }

  /** Ends an open window at `at` (default now), or shortens a planned one. */
  async endDeployment(incidentId: string, deploymentId: string, at: string | undefined, actor: Actor): Promise<Deployment> {
    const before = await this.deployments.get(incidentId, deploymentId);
    if (!before) throw new NotFoundException(`no deployment ${deploymentId} in incident ${incidentId}`);
    const end = at ?? new Date().toISOString();
    if (Date.parse(end) <= Date.parse(before.from)) throw new BadRequestException(`at: must be after the deployment's start (${before.from})`);
    if (before.to !== null && Date.parse(before.to) <= Date.parse(end)) throw new ConflictException(`deployment ${deploymentId} already ended at ${before.to}`);
    const after = (await this.deployments.end(incidentId, deploymentId, end))!;
    await this.audit.record(actor, 'incident.deployment-end', { type: 'deployment', id: deploymentId }, { before, after });
    await this.liveDevices.refresh(incidentId);
    return after;
  }

  /** Seek: T must lie within the incident (start to end, or to now while it is open). */
  async stateAt(incidentId: string, atMs: number): Promise<IncidentStateAt> {
    const incident = await this.get(incidentId);
    const endMs = incident.endAt === null ? Date.now() : Date.parse(incident.endAt);
    if (atMs < Date.parse(incident.startAt) || atMs > endMs) {
      throw new BadRequestException(`at: ${new Date(atMs).toISOString()} is outside incident ${incident.code} (${incident.startAt} to ${incident.endAt ?? 'now'})`);
    }
    const state = await this.states.stateAt(incidentId, atMs);
    if (!state) throw new NotFoundException(`no incident ${incidentId}`);
    return state;
  }
}

async function codeTaken<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DuplicateNameError) throw new ConflictException(`code: ${err.message}`);
    throw err;
  }
}

function inputOf(i: Incident): z.input<typeof incidentInputSchema> {
  return { code: i.code, title: i.title, level: i.level, drill: i.drill, area: i.area, startAt: i.startAt, endAt: i.endAt, ...(i.description === null ? {} : { description: i.description }) };
}
