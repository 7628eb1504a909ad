import { z } from 'zod';
import type { Alert, AlertStep } from '../alerts/alert-shapes';
import type { DeviceReading } from '../device/device-reading';
import type { ReadingsFrame } from '../live/readings-frame';
import type { SituationSnapshot } from '../situation/situation-shapes';
import type { Deployment, Incident } from './incident.schema';

/** `GET /api/incidents/:id/state?at=ISO`: the state of an incident at time T (seek). */
export interface IncidentStateAt {
  incident: Incident;
  /** Epoch ms. */
  at: number;
  devices: Array<{
    deployment: Deployment;
    /** The last reading of each of the device's streams at or before T (device time). */
    latest: DeviceReading[];
  }>;
  /** Alerts of the deployed devices raised at or before T and not yet closed/lifted at T, as they stood at T. */
  alerts: Alert[];
}

/** Replay speeds a client may ask for. */
export const REPLAY_SPEEDS = [1, 2, 4, 8, 16, 32, 64] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];
const replaySpeed = z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(8), z.literal(16), z.literal(32), z.literal(64)]);

export const replayStartSchema = z.object({
  incidentId: z.string().uuid(),
  /** Epoch ms; default: the incident's start. */
  from: z.number().int().optional(),
  speed: replaySpeed.default(1),
});
export type ReplayStart = z.input<typeof replayStartSchema>;

export const replayControlSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('pause') }),
  z.object({ action: z.literal('resume') }),
  z.object({ action: z.literal('speed'), speed: replaySpeed }),
  z.object({ action: z.literal('seek'), at: z.number().int() }),
]);
export type ReplayControl = z.input<typeof replayControlSchema>;

export type ReplayReply = { ok: true; replayId: string; from: number; to: number } | { ok: false; error: string };

/** Where the replay clock stands: sent on every start, control and about once a second. */
export interface ReplayClock {
  replayId: string;
  /** Replay time, epoch ms (device time). */
  at: number;
  speed: ReplaySpeed;
  paused: boolean;
  from: number;
  to: number;
}

/** An alert step in the replay, at its time. */
export interface ReplayAlertEvent {
  at: number;
  step: AlertStep;
  alert: Alert;
}

/** Replay events (server → client), on the socket that started it. */
export interface ReplayServerEvents {
  /** Packed like the live `readings` (`unpackReadings`). */
  'replay:readings': (frame: ReadingsFrame) => void;
  'replay:alerts': (events: ReplayAlertEvent[]) => void;
  /** The stored situation snapshots, at their device time, like the live `situation:update`. */
  'replay:situation': (snapshots: SituationSnapshot[]) => void;
  'replay:clock': (clock: ReplayClock) => void;
  'replay:end': (clock: ReplayClock) => void;
}

export interface ReplayClientEvents {
  'replay:start': (request: ReplayStart, ack: (reply: ReplayReply) => void) => void;
  'replay:control': (request: ReplayControl, ack: (reply: ReplayReply) => void) => void;
  'replay:stop': (request: Record<string, never>, ack: (reply: ReplayReply) => void) => void;
}
