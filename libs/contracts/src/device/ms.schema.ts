import { z } from 'zod';
import { envelopeShape } from './envelope.schema';
import { casNumber, compoundName, latitude, longitude } from './bounds';
import { casProblem } from './check-digits';
import { GAS_UNITS, toPpm } from './gas-units';

/** Total ion count at which the detector saturates (domain.md §3.1). */
export const TIC_SATURATION = 6e7;

/** A predicate plus a message from the input, not superRefine: the compiled fast path calls a predicate directly. */
const validCas = casNumber.refine((cas) => casProblem(cas) === undefined, { error: (issue) => casProblem(issue.input as string) });

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
      // `{ ...g, ppm }` as a literal (same keys, same order): the generic copy cost more than validating the gas
      .transform((g) => ({ cas: g.cas, name: g.name, value: g.value, unit: g.unit, ppm: toPpm(g.value, g.unit, g.cas) ?? null })),
    )
    .max(32),
});

const compound = z.object({
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
});
type Compound = z.output<typeof compound>;

/**
 * `{ ...c, ppm }` as literals of fixed shape (same keys, same order): the generic copy cost more than
 * validating the entry. `ions` is optional, so it is there exactly when the validated entry has it.
 */
function withCompoundPpm(c: Compound): Compound & { ppm: number | null } {
  const ppm = toPpm(c.concentration, c.unit, c.cas) ?? null;
  const { cas, name, concentration, unit, matchFactor, retentionTimeS } = c;
  if (!('ions' in c)) return { cas, name, concentration, unit, matchFactor, retentionTimeS, ppm };
  return { cas, name, concentration, unit, matchFactor, retentionTimeS, ions: c.ions, ppm };
}

export const msIdentificationSchema = z.looseObject({
  ...envelopeShape,
  lat: latitude,
  lon: longitude,
  runId: z.string().min(1).max(64),
  compounds: z.array(compound.transform(withCompoundPpm)).max(100),
});

export type MsSurveyPayload = z.output<typeof msSurveySchema>;
export type MsIdentificationPayload = z.output<typeof msIdentificationSchema>;
