import { z } from 'zod';
import { ALERT_ACTIONS, ALERT_LEVELS, ALERT_STATES, ALERT_SYSTEM_STEPS, DEVICE_KINDS, STREAMS, type AlertDetail } from '@tianyan/contracts';

const iso = z.iso.datetime({ offset: true });
const epochMs = z.number().finite().nonnegative();
const level = z.enum(ALERT_LEVELS);
const measure = z.object({
  value: z.number().nullable(),
  limit: z.number().nullable(),
  unit: z.string().nullable(),
  basis: z.string().nullable(),
  facts: z.record(z.string(), z.unknown()),
});

const alert = z.object({
  id: z.uuid(),
  ruleId: z.uuid(),
  ruleKind: z.string().min(1),
  ruleName: z.string().min(1),
  deviceId: z.string().nullable(),
  deviceKind: z.enum(DEVICE_KINDS).nullable(),
  subject: z.string(),
  level,
  peakLevel: level,
  state: z.enum(ALERT_STATES),
  title: z.string(),
  measure,
  peak: measure,
  active: z.boolean(),
  drill: z.boolean(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  firstReadingAt: epochMs,
  lastReadingAt: epochMs,
  raisedAt: iso,
  updatedAt: iso,
  occurrences: z.int().min(1),
  unitId: z.uuid().nullable(),
  dueAt: iso.nullable(),
  overdue: z.boolean(),
  escalations: z.int().min(0),
  importedAt: iso.nullish(),
});

const step = z.object({
  id: z.uuid(),
  alertId: z.uuid(),
  kind: z.enum([...ALERT_ACTIONS, ...ALERT_SYSTEM_STEPS]),
  fromState: z.enum(ALERT_STATES).nullable(),
  toState: z.enum(ALERT_STATES),
  level,
  actor: z.object({ id: z.string().min(1), username: z.string().min(1), role: z.string().min(1) }).nullable(),
  at: iso,
  deviceAt: iso.nullish(),
  note: z.string().nullable(),
  unitId: z.uuid().nullable(),
  dueAt: iso.nullable(),
  // Metadata only: an archive carries no file bytes.
  attachments: z.array(z.object({ id: z.string(), fileName: z.string() }).loose()),
});

const reading = z.object({
  deviceId: z.string().min(1),
  stream: z.enum(STREAMS),
  time: epochMs,
  seq: z.int().min(0),
  value: z.number().nullable(),
  level: level.nullable(),
});

/** An alert line of an incident archive: the alert, every step in order, the readings behind it. */
export const archiveAlertSchema = z
  .object({ alert, steps: z.array(step).min(1), readings: z.array(reading) })
  .refine((a) => a.steps.every((s) => s.alertId === a.alert.id), { message: 'every step must belong to the alert', path: ['steps'] })
  .refine((a) => new Set(a.steps.map((s) => s.id)).size === a.steps.length, { message: 'step ids must be unique', path: ['steps'] });

/** The contract's interfaces; attachments as exported (metadata, checked for id and name only). */
export type ArchiveAlert = AlertDetail;

export function parseArchiveAlert(value: unknown): ArchiveAlert | string {
  const parsed = archiveAlertSchema.safeParse(value);
  // The schema mirrors the interfaces except for the rule kind (any string) and loose attachments.
  if (parsed.success) return parsed.data as unknown as ArchiveAlert;
  return `alert: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
}
