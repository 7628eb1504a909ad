import { z } from 'zod';

/** `POST /api/incidents/:id/close` and `…/deployments/:id/end`: when it ended; default now. */
export const incidentEndSchema = z.strictObject({ at: z.iso.datetime({ offset: true }).optional() }).default({});
