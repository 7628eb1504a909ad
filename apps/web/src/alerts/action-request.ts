import { ALERT_LEVELS, ALERT_TRANSITIONS, alertActionRequestSchema, alertLevelRank, type AlertAction, type AlertActionRequest, type AlertLevel } from '@tianyan/contracts';
import { deadlineFromPicker } from './deadline-input';

/** An action form as typed. */
export interface ActionFormValues {
  note: string;
  /** The deadline picker's value (Beijing time). */
  deadline: string;
  unitId: string;
  level: AlertLevel | '';
  attachmentIds: readonly string[];
}

export type ActionField = 'note' | 'deadline' | 'unitId' | 'level';
export type ActionProblem = 'required' | 'past' | 'notLower' | 'invalid';

/** The colours a `lower` may choose: those below the current one. */
export function lowerLevels(current: AlertLevel): AlertLevel[] {
  return ALERT_LEVELS.filter((l) => alertLevelRank(l) < alertLevelRank(current));
}

/**
 * The request of an action from its form: exactly the fields the action needs (ALERT_TRANSITIONS
 * `needs`), plus a note and attachments when given. Problems come per field, for the form to show.
 */
export function actionRequestFrom(
  action: AlertAction,
  values: ActionFormValues,
  current: { level: AlertLevel },
  now: number,
): { request: AlertActionRequest } | { problems: Partial<Record<ActionField, ActionProblem>> } {
  const needs = ALERT_TRANSITIONS[action].needs;
  const problems: Partial<Record<ActionField, ActionProblem>> = {};
  const request: AlertActionRequest = { action };
  const note = values.note.trim();
  if (note) request.note = note;
  else if (needs.includes('note')) problems.note = 'required';
  if (needs.includes('deadline')) {
    const deadline = deadlineFromPicker(values.deadline);
    if (!values.deadline.trim()) problems.deadline = 'required';
    else if (!deadline) problems.deadline = 'invalid';
    else if (Date.parse(deadline) <= now) problems.deadline = 'past';
    else request.deadline = deadline;
  }
  if (needs.includes('unitId')) {
    if (values.unitId) request.unitId = values.unitId;
    else problems.unitId = 'required';
  }
  if (needs.includes('level')) {
    if (!values.level) problems.level = 'required';
    else if (!lowerLevels(current.level).includes(values.level)) problems.level = 'notLower';
    else request.level = values.level;
  }
  if (values.attachmentIds.length > 0) request.attachmentIds = [...values.attachmentIds];
  if (Object.keys(problems).length > 0) return { problems };
  // The server checks the same schema; a mismatch here is a bug worth seeing at once.
  const parsed = alertActionRequestSchema.safeParse(request);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === 'note' || field === 'deadline' || field === 'unitId' || field === 'level') problems[field] = 'invalid';
    }
    if (Object.keys(problems).length > 0) return { problems };
  }
  return { request };
}
