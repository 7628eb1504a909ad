import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import {
  ALERT_TRANSITIONS, alertLevelRank, defaultDueAt, isOpenAlertState, roleAtLeast,
  type Alert, type AlertAction, type AlertDetail, type alertActionRequestSchema,
} from '@tianyan/contracts';
import { AlertAttachmentRepository, AlertHistoryRepository, ResponsibleUnitRepository } from '@tianyan/storage';
import type { z } from 'zod';
import { AuditService } from '../audit/audit.service';
import type { Actor, AuthenticatedUser } from '../auth/authenticated-user';
import { stepOf } from './alert-factory';
import { AlertEngineService } from './alert-engine.service';
import { AlertRecorder } from './alert-recorder.service';

type ActionRequest = z.output<typeof alertActionRequestSchema>;

/**
 * The closed loop's steps taken by people (contracts `ALERT_TRANSITIONS`): which state a step may
 * follow, who may take it (role, and four eyes: a check is not passed by whoever did the work it
 * checks), what it must carry. Each step is recorded with who, when, note, deadline and evidence,
 * audited, published live and notified. Steps on one alert are taken one at a time.
 */
@Injectable()
export class AlertLifecycleService {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly recorder: AlertRecorder,
    private readonly history: AlertHistoryRepository,
    private readonly attachments: AlertAttachmentRepository,
    private readonly units: ResponsibleUnitRepository,
    private readonly engine: AlertEngineService,
    private readonly audit: AuditService,
  ) {}

  async detail(id: string): Promise<AlertDetail> {
    const alert = await this.recorder.current(id);
    if (!alert) throw new NotFoundException(`no alert ${id}`);
    const [steps, readings] = await Promise.all([this.history.steps(id), this.history.readings(id)]);
    return { alert, steps, readings };
  }

  act(id: string, request: ActionRequest, user: AuthenticatedUser, actor: Actor): Promise<AlertDetail> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.actNow(id, request, user, actor));
    this.locks.set(id, run);
    void run.finally(() => {
      if (this.locks.get(id) === run) this.locks.delete(id);
    }).catch(() => undefined);
    return run;
  }

  private async actNow(id: string, request: ActionRequest, user: AuthenticatedUser, actor: Actor): Promise<AlertDetail> {
    const before = await this.recorder.current(id);
    if (!before) throw new NotFoundException(`no alert ${id}`);
    // An imported alert is the record of another instance's incident, not a condition handled here.
    if (before.importedAt) throw new ConflictException(`alert ${id} was imported from an incident archive at ${before.importedAt}: it is history, no step can be taken`);
    const { action } = request;
    const transition = ALERT_TRANSITIONS[action];
    if (!transition.from.includes(before.state)) {
      throw new ConflictException(`cannot ${action} an alert that is ${before.state}; ${action} follows ${transition.from.join(' or ')}`);
    }
    if (!roleAtLeast(user.role, transition.role)) throw new ForbiddenException(`${action} needs the ${transition.role} role or above; you are ${user.role}`);
    const missing = transition.needs.filter((field) => request[field] === undefined);
    if (missing.length > 0) throw new BadRequestException(`${action} needs ${missing.join(', ')}`);
    await this.checkFourEyes(id, action, user);
    const now = Date.now();
    const after = await this.next(before, request, now);
    await this.checkAttachments(id, request.attachmentIds);
    const step = stepOf(after, action, now, {
      fromState: before.state,
      actor: { id: user.id, username: user.username, role: user.role },
      note: request.note ?? null,
      level: after.level,
    });
    await this.recorder.record({ alert: after, steps: [step], notify: transition.to && transition.to !== before.state ? ['state'] : [] });
    if (request.attachmentIds.length > 0) await this.attachments.attachToStep(id, request.attachmentIds, step.id);
    if (!isOpenAlertState(after.state)) this.engine.forget(id);
    else if (action === 'lower') this.engine.lowered(id, after.level);
    await this.audit.record(actor, `alert.${action}`, { type: 'alert', id }, {
      before: { state: before.state, level: before.level, unitId: before.unitId, dueAt: before.dueAt },
      after: { state: after.state, level: after.level, unitId: after.unitId, dueAt: after.dueAt, note: request.note ?? null },
    });
    return this.detail(id);
  }

  /** The alert after the step: state, colour, unit and the next due time. */
  private async next(alert: Alert, request: ActionRequest, now: number): Promise<Alert> {
    const transition = ALERT_TRANSITIONS[request.action];
    const state = transition.to ?? alert.state;
    const next: Alert = { ...alert, state, updatedAt: new Date(now).toISOString() };
    if (request.deadline !== undefined) {
      const deadline = Date.parse(request.deadline);
      if (deadline <= now) throw new BadRequestException('deadline must lie in the future');
      next.dueAt = new Date(deadline).toISOString();
    } else if (state !== alert.state) {
      const due = isOpenAlertState(state) ? defaultDueAt(state, alert.level, now) : null;
      next.dueAt = due === null ? null : new Date(due).toISOString();
    }
    if (state !== alert.state) next.overdue = false;
    if (request.unitId !== undefined) {
      if (!(await this.units.get(request.unitId))) throw new BadRequestException(`no responsible unit ${request.unitId}`);
      next.unitId = request.unitId;
    }
    if (request.action === 'lower') {
      const level = request.level!;
      if (alertLevelRank(level) >= alertLevelRank(alert.level)) throw new BadRequestException(`lower needs a colour below ${alert.level}`);
      next.level = level;
    }
    return next;
  }

  private async checkFourEyes(id: string, action: AlertAction, user: AuthenticatedUser): Promise<void> {
    const notBy = ALERT_TRANSITIONS[action].notBy;
    if (!notBy) return;
    const steps = await this.history.stepActors(id);
    const latest = steps.filter((s) => s.kind === notBy).at(-1);
    if (latest?.actorId === user.id) {
      throw new ForbiddenException(`four eyes: you took the ${notBy} step of this alert, so someone else must ${action} it`);
    }
  }

  private async checkAttachments(alertId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const available = new Set((await this.attachments.listByAlert(alertId)).filter((a) => !a.stepId).map((a) => a.id));
    const unknown = ids.filter((id) => !available.has(id));
    if (unknown.length > 0) throw new BadRequestException(`attachments not uploaded to this alert or already attached to a step: ${unknown.join(', ')}`);
  }
}
