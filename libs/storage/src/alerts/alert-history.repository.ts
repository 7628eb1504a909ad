import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AlertLevel, AlertReadingLink, AlertState, AlertStep, AlertStepKind, Stream } from '@tianyan/contracts';
import { ATTACHMENT_COLUMNS, publicAttachment, toAttachment } from './alert-attachment-row';
import { isUuid } from './uuid';
import { isoOrNull } from '../row-time';

/** Reads of an alert's history: its steps (append-only) and the readings behind it. */
@Injectable()
export class AlertHistoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** In the order they were taken, each with the files attached to it. */
  async steps(alertId: string): Promise<AlertStep[]> {
    if (!isUuid(alertId)) return [];
    const rows = (await this.dataSource.query(
      `SELECT id::text AS id, alert_id::text AS alert_id, kind, from_state, to_state, level, actor_id, actor_username, actor_role, at, note,
         unit_id::text AS unit_id, due_at, device_at
       FROM alert_steps WHERE alert_id = $1 ORDER BY ordinal`,
      [alertId],
    )) as Record<string, unknown>[];
    const files = (await this.dataSource.query(
      `SELECT ${ATTACHMENT_COLUMNS} FROM alert_attachments WHERE alert_id = $1 AND step_id IS NOT NULL ORDER BY uploaded_at, id`,
      [alertId],
    )) as Record<string, unknown>[];
    const byStep = new Map<string, AlertStep['attachments']>();
    for (const f of files.map(toAttachment)) {
      const list = byStep.get(f.stepId!) ?? [];
      list.push(publicAttachment(f));
      byStep.set(f.stepId!, list);
    }
    return rows.map((r) => toStep(r, byStep.get(r.id as string) ?? []));
  }

  /** In device time order; the first `limit` (the raising reading comes first). */
  async readings(alertId: string, limit = 1000): Promise<AlertReadingLink[]> {
    if (!isUuid(alertId)) return [];
    const rows = (await this.dataSource.query(
      `SELECT device_id, stream, (extract(epoch FROM time) * 1000)::float8 AS time, seq::float8 AS seq, value, level
       FROM alert_readings WHERE alert_id = $1 ORDER BY time, seq, device_id, stream LIMIT $2`,
      [alertId, Math.max(1, Math.trunc(limit))],
    )) as Record<string, unknown>[];
    return rows.map((r) => ({
      deviceId: r.device_id as string,
      stream: r.stream as Stream,
      time: r.time as number,
      seq: r.seq as number,
      value: r.value as number | null,
      level: r.level as AlertLevel | null,
    }));
  }

  /** Who took each step, in order: the four-eyes check (a check is not passed by whoever did the work). */
  async stepActors(alertId: string): Promise<Array<{ kind: string; actorId: string | null }>> {
    if (!isUuid(alertId)) return [];
    const rows = (await this.dataSource.query('SELECT kind, actor_id FROM alert_steps WHERE alert_id = $1 ORDER BY ordinal', [alertId])) as {
      kind: string;
      actor_id: string | null;
    }[];
    return rows.map((r) => ({ kind: r.kind, actorId: r.actor_id }));
  }
}

function toStep(r: Record<string, unknown>, attachments: AlertStep['attachments']): AlertStep {
  const actorId = r.actor_id as string | null;
  return {
    id: r.id as string,
    alertId: r.alert_id as string,
    kind: r.kind as AlertStepKind,
    fromState: r.from_state as AlertState | null,
    toState: r.to_state as AlertState,
    level: r.level as AlertLevel,
    actor: actorId === null ? null : { id: actorId, username: r.actor_username as string, role: r.actor_role as string },
    at: (r.at as Date).toISOString(),
    note: r.note as string | null,
    unitId: r.unit_id as string | null,
    dueAt: r.due_at === null ? null : (r.due_at as Date).toISOString(),
    // Only on engine steps: a person's step reads as before the column existed.
    ...(r.device_at ? { deviceAt: isoOrNull(r.device_at) } : {}),
    attachments,
  };
}
