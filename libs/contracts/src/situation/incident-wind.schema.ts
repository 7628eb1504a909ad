import { z } from 'zod';

/**
 * `PUT /api/incidents/:id/situation/wind`: the wind a commander reports for an incident (weather
 * station, met office). While set, the picture's "downwind" uses it instead of the plume's own axis.
 */
export const incidentWindSchema = z.object({
  /** Direction the wind blows from, degrees clockwise from north. */
  fromDeg: z.number().min(0).max(360),
  speedMs: z.number().min(0).max(100).nullable().default(null),
});
export type IncidentWindInput = z.input<typeof incidentWindSchema>;
export type IncidentWind = z.output<typeof incidentWindSchema>;
