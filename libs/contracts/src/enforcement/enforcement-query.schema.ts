import { z } from 'zod';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A query time: epoch ms (digits) or ISO 8601 with an offset, as everywhere else in the API. */
const timeParam = z.string().transform((value, ctx) => {
  const ms = /^\d{1,15}$/.test(value) ? Number(value) : ISO.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not an ISO 8601 time with offset or epoch ms` });
    return z.NEVER;
  }
  return ms;
});

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * What every enforcement query narrows by. Query strings are strict: an unknown parameter is a 400,
 * so a typo (`incident=` for `incidentId=`) never silently widens the statistics.
 */
const filterShape = {
  /** Device time, inclusive. */
  from: timeParam.optional(),
  /** Device time, exclusive. */
  to: timeParam.optional(),
  /** Only inspections made by devices deployed to this incident, inside their deployment windows. */
  incidentId: z.uuid().optional(),
  /** One OBD station (its device id). */
  stationId: z.string().min(1).max(64).optional(),
  /** GB 3847-2018 limit set; b (the stricter one) is what the screen judges by. */
  limitSet: z.enum(['a', 'b']).default('b'),
  /** Drill readings are left out unless asked for. */
  includeDrill: flag.default(false),
};

const fromBeforeTo = (q: { from?: number | undefined; to?: number | undefined }) => q.from === undefined || q.to === undefined || q.from < q.to;
const FROM_BEFORE_TO = { message: 'from must be before to', path: ['from'] };

export const enforcementFilterSchema = z.strictObject(filterShape).refine(fromBeforeTo, FROM_BEFORE_TO);
export type EnforcementFilter = z.output<typeof enforcementFilterSchema>;

export const ENFORCEMENT_GROUP_BY = ['station', 'day', 'incident'] as const;
export type EnforcementGroupBy = (typeof ENFORCEMENT_GROUP_BY)[number];

export const enforcementSummaryQuerySchema = z
  .strictObject({ ...filterShape, groupBy: z.enum(ENFORCEMENT_GROUP_BY).optional() })
  .refine(fromBeforeTo, FROM_BEFORE_TO);
export type EnforcementSummaryQuery = z.output<typeof enforcementSummaryQuerySchema>;

export const failedVehiclesQuerySchema = z
  .strictObject({
    ...filterShape,
    limit: z.string().regex(/^\d+$/, 'limit must be a whole number').transform(Number).pipe(z.int().min(1).max(1000)).default(100),
    /** `nextCursor` of the previous page. */
    cursor: z.string().regex(/^\d+(\.\d+)?\|[^|]{1,64}\|\d+$/, 'cursor must be a nextCursor from a previous page').optional(),
  })
  .refine(fromBeforeTo, FROM_BEFORE_TO);
export type FailedVehiclesQuery = z.output<typeof failedVehiclesQuerySchema>;
