import { z } from 'zod';
import { incidentInputSchema } from '@tianyan/contracts';

const field = incidentInputSchema.shape;

/**
 * `PATCH /api/incidents/:id`: the contract's fields without their defaults (a partial of the input
 * schema would reset every omitted field to its default), unknown keys refused. The merged incident
 * is validated again with the contract (endAt after startAt).
 */
export const incidentPatchSchema = z
  .strictObject({
    code: field.code.optional(),
    title: field.title.optional(),
    level: field.level.optional(),
    drill: field.drill.unwrap().optional(),
    area: field.area.unwrap().optional(),
    startAt: field.startAt.optional(),
    endAt: field.endAt.unwrap().optional(),
    description: field.description,
  })
  .refine((change) => Object.keys(change).length > 0, { message: 'change at least one field' });
