import { z } from 'zod';
import { RECEPTOR_KINDS, type Receptor, type ReceptorKind } from './situation-shapes';

/** Vertices one receptor may have: keeps every stored row well under the embedded 64 KiB statement. */
export const MAX_RECEPTOR_POSITIONS = 2000;
export const MAX_RECEPTORS_PER_IMPORT = 1000;

/** A receptor as uploaded and validated, before it has an id. */
export interface ReceptorInput {
  name: string;
  kind: ReceptorKind;
  geometry: Receptor['geometry'];
  population: number | null;
  /** The feature's other properties, kept as they came. */
  properties: Record<string, unknown>;
}

/** `POST /api/receptors/import`: a GeoJSON file and the kind of its features that name none. */
export const receptorImportRequestSchema = z.object({
  geojson: z.unknown(),
  /** Kind of the features that have no `kind` property. */
  kind: z.enum(RECEPTOR_KINDS).default('other'),
});
export type ReceptorImportRequest = z.input<typeof receptorImportRequestSchema>;
export interface ReceptorImportResult {
  created: Receptor[];
}

const lonLat = z
  .array(z.number())
  .min(2, 'a position needs [lon, lat]')
  .refine((p) => p[0]! >= -180 && p[0]! <= 180, 'longitude must be within -180…180')
  .refine((p) => p[1]! >= -90 && p[1]! <= 90, 'latitude must be within -90…90')
  .transform((p) => [p[0]!, p[1]!]);
const ring = z
  .array(lonLat)
  .min(4, 'a ring needs at least 4 positions')
  .refine((r) => r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1], 'the ring must end where it starts');
const polygon = z.array(ring).min(1, 'a polygon needs an outer ring');
const geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: lonLat }),
  z.object({ type: z.literal('Polygon'), coordinates: polygon }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygon).min(1, 'a multipolygon needs a polygon') }),
]);
const properties = z
  .object({
    name: z.string('required, as text').trim().min(1, 'name must not be empty').max(120),
    kind: z.enum(RECEPTOR_KINDS).optional(),
    population: z.int().min(0).max(100_000_000).nullable().optional(),
  })
  .loose();
const envelope = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()).max(MAX_RECEPTORS_PER_IMPORT) });

/**
 * Turns an uploaded GeoJSON FeatureCollection (or one Feature) into receptors: Point, Polygon or
 * MultiPolygon features with properties `name` (required), `kind` and `population`. All or none:
 * every feature that cannot become a receptor is listed in `errors` with its index, name and the
 * path of the bad value, so the file can be fixed in one go.
 */
export function receptorsFromGeoJson(input: unknown, defaultKind: ReceptorKind = 'other'): { receptors: ReceptorInput[]; errors: string[] } {
  const single = (input as { type?: unknown } | null)?.type === 'Feature';
  const collection = envelope.safeParse(single ? { type: 'FeatureCollection', features: [input] } : input);
  if (!collection.success) return { receptors: [], errors: collection.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`) };
  const receptors: ReceptorInput[] = [];
  const errors: string[] = [];
  collection.data.features.forEach((raw, index) => {
    const f = (raw ?? {}) as { type?: unknown; properties?: unknown; geometry?: unknown };
    const label = `feature ${index}${typeof (f.properties as { name?: unknown } | null)?.name === 'string' ? ` (${(f.properties as { name: string }).name})` : ''}`;
    const problems: string[] = [];
    if (f.type !== 'Feature') problems.push('type: expected "Feature"');
    const props = properties.safeParse(f.properties ?? {});
    if (!props.success) problems.push(...props.error.issues.map((i) => `properties.${i.path.join('.') || 'name'}: ${i.message}`));
    const geo = geometry.safeParse(f.geometry);
    if (!geo.success) problems.push(...geo.error.issues.map((i) => `geometry.${i.path.join('.') || 'type'}: ${i.message}`));
    else if (positions(geo.data) > MAX_RECEPTOR_POSITIONS) problems.push(`geometry: ${positions(geo.data)} positions, at most ${MAX_RECEPTOR_POSITIONS} (simplify it)`);
    if (problems.length > 0 || !props.success || !geo.success) return void errors.push(`${label}: ${problems.join('; ')}`);
    const { name, kind, population, ...rest } = props.data;
    receptors.push({ name, kind: kind ?? defaultKind, geometry: geo.data as Receptor['geometry'], population: population ?? null, properties: rest });
  });
  if (errors.length === 0 && receptors.length === 0) errors.push('the file holds no feature');
  return errors.length > 0 ? { receptors: [], errors } : { receptors, errors };
}

function positions(g: z.output<typeof geometry>): number {
  if (g.type === 'Point') return 1;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polygons.reduce((n, rings) => n + rings.reduce((m, r) => m + r.length, 0), 0);
}
