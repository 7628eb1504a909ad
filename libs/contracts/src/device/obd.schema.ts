import { z } from 'zod';
import { envelopeShape } from './envelope.schema';
import { chinaLatitude, chinaLongitude, percent } from './bounds';
import { vinProblem } from './check-digits';

/** OBD diagnostic trouble code: P/U/B/C and four hex digits, e.g. P20EE. */
export const DTC_PATTERN = /^[PUBC][0-9A-F]{4}$/;

export const obdInspectionSchema = z.looseObject({
  ...envelopeShape,
  lat: chinaLatitude,
  lon: chinaLongitude,
  lane: z.union([z.int().min(0).max(99), z.string().min(1).max(16)]).optional(),
  // a predicate plus a message from the input, not superRefine: the compiled fast path calls a predicate directly
  vin: z.string().refine((vin) => vinProblem(vin) === undefined, { error: (issue) => vinProblem(issue.input as string) }),
  plate: z.string().min(1).max(16),
  obd: z
    .object({
      commOk: z.boolean(),
      mil: z.boolean().optional(),
      dtcs: z.array(z.string().regex(DTC_PATTERN, 'DTC must look like P20EE')).max(64).default([]),
      readiness: z
        .object({ supported: z.int().min(0).max(64), complete: z.int().min(0).max(64) })
        .refine((r) => r.complete <= r.supported, 'readiness.complete cannot exceed readiness.supported')
        .optional(),
      calid: z.string().max(64).optional(),
      cvn: z.string().max(64).optional(),
      odometerKm: z.number().min(0).max(10_000_000).optional(),
    })
    .refine((o) => !o.commOk || (o.mil !== undefined && o.readiness !== undefined), {
      message: 'obd.mil and obd.readiness are required when obd.commOk is true',
    }),
  opacity: z.object({ kM1: z.array(z.number().min(0).max(10)).length(3) }),
  noxPpm: z.number().min(0).max(3000).optional(),
  ureaPct: z.number().min(0).max(40).optional(),
  ambient: z
    .object({
      tempC: z.number().min(-40).max(60),
      humidityPct: percent,
      pressureKPa: z.number().min(50).max(110),
    })
    .optional(),
});

export type ObdInspectionPayload = z.output<typeof obdInspectionSchema>;
