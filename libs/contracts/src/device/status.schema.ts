import { z } from 'zod';
import { envelopeShape } from './envelope.schema';
import { percent } from './bounds';

export const DEVICE_STATES = ['online', 'offline', 'maintenance', 'fault', 'calibration'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

export const deviceStatusSchema = z.looseObject({
  ...envelopeShape,
  state: z.enum(DEVICE_STATES),
  batteryPct: percent.optional(),
  firmware: z.string().max(64).optional(),
  note: z.string().max(500).optional(),
});

export type DeviceStatusPayload = z.output<typeof deviceStatusSchema>;
