import { z } from 'zod';
import { DEVICE_ID_PATTERN, DEVICE_KINDS } from '../device/topic';
import type { ReadingsFrame } from './readings-frame';
import type { AuditEntry } from '../auth/auth-shapes';
import type { Alert } from '../alerts/alert-shapes';
import type { ReplayClientEvents, ReplayServerEvents } from '../incidents/replay-shapes';
import type { SituationSnapshot } from '../situation/situation-shapes';

/**
 * Socket.IO rooms a client may join: everything, one kind, one device, or the devices deployed to an
 * incident now (`incident:<uuid>`); and, for admins, the live
 * audit trail (`admin:audit`). Which role may join which room: `minimumRoleForRoom`.
 */
export type LiveRoom = 'all' | `kind:${(typeof DEVICE_KINDS)[number]}` | `device:${string}` | `incident:${string}` | 'admin:audit' | 'alerts';

/** The room every signed-in socket joins on connect: alerts reach everyone. */
export const ALERTS_ROOM = 'alerts';

/** The room every signed-in socket joins on connect: the situation picture of every open incident. */
export const SITUATION_ROOM = 'situation';

const INCIDENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const liveRoom = z.string().refine(
  (room) =>
    room === 'all' ||
    room === 'admin:audit' ||
    DEVICE_KINDS.some((kind) => room === `kind:${kind}`) ||
    (room.startsWith('device:') && DEVICE_ID_PATTERN.test(room.slice('device:'.length))) ||
    (room.startsWith('incident:') && INCIDENT_ID.test(room.slice('incident:'.length))),
  { message: 'room must be "all", "kind:<drone|ms|obd>", "device:<id>", "incident:<uuid>" or "admin:audit"' },
);

/** Default and bounds of the per-device update rate a client may ask for. */
export const LIVE_RATE_HZ = { default: 5, min: 0.1, max: 20 } as const;

export const liveSubscriptionSchema = z.object({
  rooms: z.array(liveRoom).min(1).max(200),
  maxHz: z.number().min(LIVE_RATE_HZ.min).max(LIVE_RATE_HZ.max).optional(),
});
export type LiveSubscription = z.input<typeof liveSubscriptionSchema>;

export type LiveSubscriptionReply = { ok: true; rooms: string[]; maxHz: number } | { ok: false; error: string };

/** Server → browser. */
export interface ServerToClientEvents extends ReplayServerEvents {
  /**
   * Live readings of every kind and device status changes, one batch per beat of the client's view:
   * at most one reading per device and stream per interval of its rate (latest wins), status changes
   * first. Store-and-forward readings carry `late: true`. One event, not one per kind: every event
   * costs each client a frame, so a beat with drones, spectrometers and OBD stations costs one.
   * Packed (`packReadings`; the client calls `unpackReadings`): half the bytes of plain objects.
   */
  readings: (frame: ReadingsFrame) => void;
  /** To `admin:audit`: each audit row as it is written. */
  'audit:entry': (entry: AuditEntry) => void;
  /**
   * To every signed-in client (room `alerts`, joined on connect), at once and never coalesced or
   * dropped: new alerts, and alerts that changed (colour, state, condition, deadline).
   */
  'alert:raised': (alerts: Alert[]) => void;
  'alert:updated': (alerts: Alert[]) => void;
  /** To room `situation`: an incident's recomputed picture (plumes, thermal extent, receptors), every few seconds while readings arrive. */
  'situation:update': (snapshot: SituationSnapshot) => void;
}

export interface ClientToServerEvents extends ReplayClientEvents {
  subscribe: (request: LiveSubscription, ack: (reply: LiveSubscriptionReply) => void) => void;
  unsubscribe: (request: { rooms: string[] }, ack: (reply: LiveSubscriptionReply) => void) => void;
}
