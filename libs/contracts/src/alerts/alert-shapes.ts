import { z } from 'zod';
import type { DeviceKind, Stream } from '../device/topic';
import { ALERT_LEVELS, type AlertLevel } from './alert-level';
import { ALERT_ACTIONS, ALERT_STATES, type AlertState, type AlertStepKind } from './alert-lifecycle';
import type { AlertRuleKind } from './alert-rule.schema';

/** What the rule saw: the value, the limit it reached and where that limit comes from. */
export interface AlertMeasure {
  value: number | null;
  limit: number | null;
  unit: string | null;
  basis: string | null;
  /** Further facts of the rule kind (OBD reasons, geofence name, hot area…). */
  facts: Record<string, unknown>;
}

/** One alert: one open condition per device × rule × subject, updated while it lasts. */
export interface Alert {
  id: string;
  ruleId: string;
  ruleKind: AlertRuleKind;
  ruleName: string;
  deviceId: string | null;
  deviceKind: DeviceKind | null;
  /** What within the rule: a CAS number, a VIN, `hotspot`, `hot-area`, `enter`… */
  subject: string;
  /** Current colour: rises by itself while the value rises; drops only by a person's `lower`. */
  level: AlertLevel;
  /** Highest colour the condition reached. */
  peakLevel: AlertLevel;
  state: AlertState;
  title: string;
  measure: AlertMeasure;
  /** Worst measure seen while the condition lasted. */
  peak: AlertMeasure;
  /** Whether the condition still holds (false once it falls back past the hysteresis band). */
  active: boolean;
  drill: boolean;
  lat: number | null;
  lon: number | null;
  /** Device time of the first and latest triggering readings, epoch ms. */
  firstReadingAt: number;
  lastReadingAt: number;
  /** Server times, ISO. */
  raisedAt: string;
  updatedAt: string;
  /** How many findings were merged into this alert instead of raising new ones. */
  occurrences: number;
  unitId: string | null;
  /** When the next step falls due (ISO), null when nothing is due. */
  dueAt: string | null;
  overdue: boolean;
  /** Times an overdue step escalated it. */
  escalations: number;
  /**
   * Server time (ISO) it was re-created here by an incident archive import; absent for alerts
   * raised here. Imported alerts are history: no live finding, action or deadline changes them.
   */
  importedAt?: string | null;
}

export interface AlertAttachment {
  id: string;
  alertId: string;
  fileName: string;
  contentType: string;
  bytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface AlertStep {
  id: string;
  alertId: string;
  kind: AlertStepKind;
  fromState: AlertState | null;
  toState: AlertState;
  level: AlertLevel;
  /** Null for steps the system took. */
  actor: { id: string; username: string; role: string } | null;
  /** Server time (ISO) the step was recorded. */
  at: string;
  /**
   * Device time (ISO) of the reading behind a step the engine took (raised, escalated, cleared…);
   * absent for steps of people and timers. The step's incident time — where replay and seek
   * place it — is `deviceAt ?? at`.
   */
  deviceAt?: string | null;
  note: string | null;
  unitId: string | null;
  dueAt: string | null;
  attachments: AlertAttachment[];
}

/** A reading that raised, escalated or peaked an alert. */
export interface AlertReadingLink {
  deviceId: string;
  stream: Stream;
  /** Device time, epoch ms. */
  time: number;
  seq: number;
  value: number | null;
  level: AlertLevel | null;
}

export interface AlertDetail {
  alert: Alert;
  steps: AlertStep[];
  readings: AlertReadingLink[];
}

export const RESPONSIBLE_UNIT_TIERS = ['enterprise', 'county', 'city', 'province'] as const;
export type ResponsibleUnitTier = (typeof RESPONSIBLE_UNIT_TIERS)[number];

export interface ResponsibleUnit {
  id: string;
  name: string;
  tier: ResponsibleUnitTier;
  contact: string | null;
  createdAt: string;
}

export const alertQuerySchema = z.object({
  state: z.array(z.enum(ALERT_STATES)).optional(),
  level: z.array(z.enum(ALERT_LEVELS)).optional(),
  ruleKind: z.array(z.string()).optional(),
  deviceId: z.string().optional(),
  /** Only alerts not closed or lifted. */
  open: z.boolean().optional(),
  drill: z.boolean().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  limit: z.int().min(1).max(500).default(100),
  offset: z.int().min(0).default(0),
});

/** `POST /api/alerts/:id/actions`. */
export const alertActionRequestSchema = z.object({
  action: z.enum(ALERT_ACTIONS),
  note: z.string().trim().min(1).max(4000).optional(),
  /** ISO time the next step is due (dispatch, send back). */
  deadline: z.iso.datetime({ offset: true }).optional(),
  unitId: z.string().uuid().optional(),
  /** For `lower`: the new, lower colour. */
  level: z.enum(ALERT_LEVELS).optional(),
  /** Attachments uploaded before, to attach to this step. */
  attachmentIds: z.array(z.string().uuid()).max(20).default([]),
});
export type AlertActionRequest = z.input<typeof alertActionRequestSchema>;

export const WEBHOOK_FORMATS = ['generic', 'wecom', 'dingtalk'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
/** What a webhook is told about: new alerts, colour rises, overdue steps, and every state change. */
export const WEBHOOK_EVENTS = ['raised', 'escalated', 'overdue', 'state'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const webhookInputSchema = z.object({
  name: z.string().trim().min(1).max(120),
  url: z.url({ protocol: /^https?$/ }),
  format: z.enum(WEBHOOK_FORMATS).default('generic'),
  /** Alerts at or above this colour. */
  minLevel: z.enum(ALERT_LEVELS).default('blue'),
  /** Only alerts dispatched to these units; empty: every alert. */
  unitIds: z.array(z.string().uuid()).max(100).default([]),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).default(['raised', 'escalated', 'overdue']),
  /** DingTalk robot signing secret (SEC…), or an HMAC key for generic webhooks. Write-only. */
  secret: z.string().min(1).max(200).optional(),
  enabled: z.boolean().default(true),
});
export type WebhookInput = z.input<typeof webhookInputSchema>;

export interface WebhookEndpoint extends Omit<z.output<typeof webhookInputSchema>, 'secret'> {
  id: string;
  hasSecret: boolean;
  createdAt: string;
}

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export interface WebhookDelivery {
  id: string;
  endpointId: string;
  alertId: string;
  event: WebhookEvent;
  status: (typeof WEBHOOK_DELIVERY_STATUSES)[number];
  attempts: number;
  /** HTTP status of the last attempt, null when it never got one. */
  httpStatus: number | null;
  error: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
}
