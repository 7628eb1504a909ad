import { z } from 'zod';
import type { AlertLevel } from './alert-level';
import { geofenceRuleSchema, type AlertRule, type AlertRuleInput } from './alert-rule.schema';

type GeofenceTrigger = 'enter' | 'exit' | 'dwell';
export interface GeofenceImportDefaults {
  trigger: GeofenceTrigger;
  level: AlertLevel;
  dwellS?: number;
}

const position = z.array(z.number()).min(2);
const feature = z.object({
  type: z.literal('Feature'),
  properties: z.record(z.string(), z.unknown()).nullable().optional(),
  geometry: z.discriminatedUnion('type', [
    z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)).min(1) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position)).min(1)).min(1) }),
    z.object({ type: z.literal('Point'), coordinates: position }),
  ]),
});
const geoJson = z.union([z.object({ type: z.literal('FeatureCollection'), features: z.array(feature).max(1000) }), feature]);

/**
 * Turns an uploaded GeoJSON file into geofence rules: each Polygon (each part of a MultiPolygon) is a
 * polygon fence (outer ring; holes are dropped and said so); a Point with a `radiusM` property is a
 * circle. Feature properties `name`, `trigger`, `level`, `dwellS` override the defaults. Every
 * feature that cannot become a rule is listed in `errors` with its index; nothing is dropped silently.
 */
export function geofencesFromGeoJson(input: unknown, defaults: GeofenceImportDefaults): { rules: AlertRuleInput[]; errors: string[]; warnings: string[] } {
  const parsed = geoJson.safeParse(input);
  if (!parsed.success) {
    return { rules: [], errors: parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`), warnings: [] };
  }
  const features = parsed.data.type === 'FeatureCollection' ? parsed.data.features : [parsed.data];
  const rules: AlertRuleInput[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  features.forEach((f, index) => {
    const props = f.properties ?? {};
    const name = typeof props['name'] === 'string' && props['name'].trim() ? props['name'].trim() : `Geofence ${index + 1}`;
    const geometries: unknown[] = [];
    if (f.geometry.type === 'Point') {
      const radiusM = Number(props['radiusM']);
      if (!Number.isFinite(radiusM)) errors.push(`feature ${index} (${name}): a Point needs a numeric radiusM property`);
      else geometries.push({ type: 'circle', center: { lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }, radiusM });
    } else {
      const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const rings of polygons) {
        if (rings.length > 1) warnings.push(`feature ${index} (${name}): ${rings.length - 1} hole(s) ignored`);
        geometries.push({ type: 'polygon', coordinates: rings[0]!.map((p) => [p[0], p[1]]) });
      }
    }
    geometries.forEach((geometry, part) => {
      const candidate = {
        kind: 'geofence',
        name: geometries.length > 1 ? `${name} (${part + 1})` : name,
        geometry,
        trigger: props['trigger'] ?? defaults.trigger,
        level: props['level'] ?? defaults.level,
        dwellS: props['dwellS'] ?? defaults.dwellS,
      };
      const rule = geofenceRuleSchema.safeParse(candidate);
      if (rule.success) rules.push(candidate as AlertRuleInput);
      else errors.push(`feature ${index} (${name}): ${rule.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    });
  });
  return { rules, errors, warnings };
}

/** `POST /api/alert-rules/geofences/import`: a GeoJSON file and the defaults for its features. */
export const geofenceImportRequestSchema = z.object({
  geojson: z.unknown(),
  trigger: z.enum(['enter', 'exit', 'dwell']).default('enter'),
  level: z.enum(['blue', 'yellow', 'orange', 'red']).default('orange'),
  dwellS: z.int().min(1).max(7 * 86400).optional(),
});
export type GeofenceImportRequest = z.input<typeof geofenceImportRequestSchema>;
export interface GeofenceImportResult {
  created: AlertRule[];
  warnings: string[];
}
