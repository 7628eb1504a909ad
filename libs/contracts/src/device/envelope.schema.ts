import { z } from 'zod';

/** Earliest device time accepted: older stamps are a reset clock, not data. */
export const EARLIEST_DEVICE_TIME_MS = Date.UTC(2000, 0, 1);
/** Device time further ahead of the server than this is clock skew (domain.md: ~10 min for HJ 212 QN). */
export const MAX_FUTURE_SKEW_MS = 10 * 60 * 1000;

const rfc3339WithOffset = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));
const epochMs = z.int().min(EARLIEST_DEVICE_TIME_MS);

/** Fields every v1 payload carries: device time, per-device-and-channel sequence, drill marker. */
export const envelopeShape = {
  ts: z.union([epochMs, rfc3339WithOffset]).pipe(z.number().min(EARLIEST_DEVICE_TIME_MS)),
  seq: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  drill: z.boolean().optional(),
};

export const ENVELOPE_KEYS = ['ts', 'seq', 'drill'] as const;
