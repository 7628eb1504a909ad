import { Injectable, NotFoundException } from '@nestjs/common';
import type { IncidentWind } from '@tianyan/contracts';
import { IncidentWindRepository } from '@tianyan/storage';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/authenticated-user';
import { SituationService } from './situation.service';

/** The wind a commander reports for an incident (audited); the next round of its picture uses it. */
@Injectable()
export class IncidentWindService {
  constructor(
    private readonly winds: IncidentWindRepository,
    private readonly situation: SituationService,
    private readonly audit: AuditService,
  ) {}

  async set(incidentId: string, wind: IncidentWind, actor: Actor): Promise<IncidentWind> {
    const before = await this.winds.get(incidentId);
    if (!(await this.winds.set(incidentId, wind))) throw new NotFoundException(`no incident ${incidentId}`);
    await this.audit.record(actor, 'incident.wind', { type: 'incident', id: incidentId }, { before, after: wind });
    this.situation.recompute(incidentId);
    return wind;
  }

  async clear(incidentId: string, actor: Actor): Promise<void> {
    const before = await this.winds.get(incidentId);
    if (!before) throw new NotFoundException(`incident ${incidentId} has no reported wind`);
    await this.winds.clear(incidentId);
    await this.audit.record(actor, 'incident.wind-clear', { type: 'incident', id: incidentId }, { before });
    this.situation.recompute(incidentId);
  }
}
