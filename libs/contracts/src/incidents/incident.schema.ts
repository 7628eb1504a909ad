import { z } from 'zod';
import { latitude, longitude } from '../device/bounds';
import { DEVICE_ID_PATTERN, type DeviceKind } from '../device/topic';

/**
 * Incidents (DESIGN.md §6): a time window, an area and the devices deployed to it. Levels per the
 * national plan (domain.md §5.1): I 特别重大 … IV 一般. Drills are incidents too, labelled everywhere.
 */
export const INCIDENT_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export type IncidentLevel = (typeof INCIDENT_LEVELS)[number];

const isoTime = z.iso.datetime({ offset: true });
/** GeoJSON order [lon, lat], closed ring. */
const areaRing = z
  .array(z.tuple([longitude, latitude]))
  .min(4)
  .max(5000)
  .refine((ring) => ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1], { message: 'the ring must end where it starts' });

export const incidentInputSchema = z
  .object({
    /** Human code, e.g. 2026-HB-0042. */
    code: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : -'),
    title: z.string().trim().min(1).max(200),
    level: z.enum(INCIDENT_LEVELS),
    drill: z.boolean().default(false),
    area: areaRing.nullable().default(null),
    startAt: isoTime,
    /** Null while the incident is open. */
    endAt: isoTime.nullable().default(null),
    description: z.string().max(4000).optional(),
  })
  .refine((i) => i.endAt === null || Date.parse(i.endAt) > Date.parse(i.startAt), { message: 'endAt must be after startAt', path: ['endAt'] });
export type IncidentInput = z.input<typeof incidentInputSchema>;

export interface Incident {
  id: string;
  code: string;
  title: string;
  level: IncidentLevel;
  drill: boolean;
  area: Array<[number, number]> | null;
  startAt: string;
  endAt: string | null;
  description: string | null;
  state: 'open' | 'closed';
  createdAt: string;
  updatedAt: string;
}

/** A device assigned to an incident for a time window (a device serves several over its life). */
export const deploymentInputSchema = z
  .object({
    deviceId: z.string().regex(DEVICE_ID_PATTERN),
    from: isoTime,
    /** Null: until the incident ends. */
    to: isoTime.nullable().default(null),
    role: z.string().trim().max(120).optional(),
  })
  .refine((d) => d.to === null || Date.parse(d.to) > Date.parse(d.from), { message: 'to must be after from', path: ['to'] });
export type DeploymentInput = z.input<typeof deploymentInputSchema>;

export interface Deployment {
  id: string;
  incidentId: string;
  deviceId: string;
  deviceKind: DeviceKind;
  from: string;
  to: string | null;
  role: string | null;
}
