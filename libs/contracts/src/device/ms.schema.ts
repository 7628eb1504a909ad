import { z } from 'zod';
import { envelopeShape } from './envelope.schema';
import { casNumber, compoundName, latitude, longitude } from './bounds';
import { casProblem } from './check-digits';
import { GAS_UNITS, toPpm } from './gas-units';

/** Total ion count at which the detector saturates (domain.md §3.1). */
export const TIC_SATURATION = 6e7;

const validCas = casNumber.superRefine((cas, ctx) => {
  const problem = casProblem(cas);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const msSurveySchema = z.looseObject({
  ...envelopeShape,
  lat: latitude,
  lon: longitude,
  tic: z.number().min(0),
  gases: z
    .array(
      z.object({
        cas: validCas,
        name: compoundName,
        value: z.number().min(0),
        unit: z.enum(GAS_UNITS),
      })
      .transform((g) => ({ ...g, ppm: toPpm(g.value, g.unit, g.cas) ?? null })),
    )
    .max(32),
});

export const msIdentificationSchema = z.looseObject({
  ...envelopeShape,
  lat: latitude,
  lon: longitude,
  runId: z.string().min(1).max(64),
  compounds: z
    .array(
      z.object({
        cas: validCas,
        name: compoundName,
        concentration: z.number().min(0),
        unit: z.enum(GAS_UNITS),
        matchFactor: z.number().min(0).max(999),
        retentionTimeS: z.number().min(0).max(3600),
        ions: z
          .array(z.tuple([z.number().min(1).max(1000), z.number().min(0).max(100)]))
          .max(64)
          .optional(),
      })
      .transform((c) => ({ ...c, ppm: toPpm(c.concentration, c.unit, c.cas) ?? null })),
    )
    .max(100),
});

export type MsSurveyPayload = z.output<typeof msSurveySchema>;
export type MsIdentificationPayload = z.output<typeof msIdentificationSchema>;
