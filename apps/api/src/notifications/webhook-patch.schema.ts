import { z } from 'zod';
import { webhookInputSchema } from '@tianyan/contracts';

const field = webhookInputSchema.shape;

/**
 * `PATCH /api/webhooks/:id`: the contract's fields without their defaults (a partial of the input
 * schema would reset every omitted field to its default), unknown keys refused, and `secret: null`
 * to remove the secret.
 */
export const webhookPatchSchema = z
  .strictObject({
    name: field.name.optional(),
    url: field.url.optional(),
    format: field.format.unwrap().optional(),
    minLevel: field.minLevel.unwrap().optional(),
    unitIds: field.unitIds.unwrap().optional(),
    events: field.events.unwrap().optional(),
    secret: field.secret.unwrap().nullable().optional(),
    enabled: field.enabled.unwrap().optional(),
  })
  .refine((change) => Object.keys(change).length > 0, { message: 'change at least one field' });
