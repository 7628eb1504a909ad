import { alertRuleInputSchema } from './alert-rule.schema';
import { geofencesFromGeoJson } from './geofence-import';

const ring = [[114.29, 30.59], [114.31, 30.59], [114.31, 30.61], [114.29, 30.61], [114.29, 30.59]];
const hole = [[114.295, 30.595], [114.305, 30.595], [114.305, 30.605], [114.295, 30.595]];
const defaults = { trigger: 'enter' as const, level: 'red' as const };
const feature = (geometry: unknown, properties: Record<string, unknown> | null = {}) => ({ type: 'Feature', properties, geometry });

describe('geofencesFromGeoJson', () => {
  it('turns polygons, multipolygon parts and circles into valid geofence rules', () => {
    const result = geofencesFromGeoJson(
      {
        type: 'FeatureCollection',
        features: [
          feature({ type: 'Polygon', coordinates: [ring] }, { name: 'Water source zone I' }),
          feature({ type: 'MultiPolygon', coordinates: [[ring], [ring.map(([x, y]) => [x! + 0.1, y!])]] }, { name: 'Reserve' }),
          feature({ type: 'Point', coordinates: [114.3, 30.6] }, { name: 'Plant', radiusM: 500, trigger: 'dwell', dwellS: 600, level: 'orange' }),
        ],
      },
      defaults,
    );
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.rules.map((r) => r.name)).toEqual(['Water source zone I', 'Reserve (1)', 'Reserve (2)', 'Plant']);
    expect(result.rules[0]).toMatchObject({ kind: 'geofence', trigger: 'enter', level: 'red', geometry: { type: 'polygon', coordinates: ring } });
    expect(result.rules[3]).toMatchObject({ trigger: 'dwell', dwellS: 600, level: 'orange', geometry: { type: 'circle', center: { lat: 30.6, lon: 114.3 }, radiusM: 500 } });
    for (const rule of result.rules) expect(alertRuleInputSchema.safeParse(rule).success).toBe(true);
  });

  it('accepts a single feature and names unnamed ones', () => {
    expect(geofencesFromGeoJson(feature({ type: 'Polygon', coordinates: [ring] }, null), defaults).rules).toMatchObject([{ name: 'Geofence 1' }]);
  });

  it('drops holes and says so', () => {
    const result = geofencesFromGeoJson(feature({ type: 'Polygon', coordinates: [ring, hole] }, { name: 'Lake' }), defaults);
    expect(result.rules).toHaveLength(1);
    expect(result.warnings).toEqual(['feature 0 (Lake): 1 hole(s) ignored']);
  });

  it('lists every feature that cannot become a rule, and keeps the rest', () => {
    const result = geofencesFromGeoJson(
      {
        type: 'FeatureCollection',
        features: [
          feature({ type: 'Point', coordinates: [114.3, 30.6] }, { name: 'No radius' }),
          feature({ type: 'Polygon', coordinates: [ring.slice(0, 4)] }, { name: 'Open ring' }),
          feature({ type: 'Polygon', coordinates: [ring] }, { name: 'Dwell without time', trigger: 'dwell' }),
          feature({ type: 'Polygon', coordinates: [ring] }, { name: 'Fine' }),
        ],
      },
      defaults,
    );
    expect(result.rules.map((r) => r.name)).toEqual(['Fine']);
    expect(result.errors).toEqual([
      'feature 0 (No radius): a Point needs a numeric radiusM property',
      'feature 1 (Open ring): geometry.coordinates: the ring must end where it starts',
      'feature 2 (Dwell without time): dwellS: dwellS is required for a dwell geofence',
    ]);
  });

  it('refuses a file that is not GeoJSON it understands, with an error rather than silence', () => {
    for (const input of [{ type: 'FeatureCollection', features: [feature({ type: 'LineString', coordinates: [[0, 0], [1, 1]] })] }, 'not json', null]) {
      const result = geofencesFromGeoJson(input, defaults);
      expect(result.rules).toEqual([]);
      expect(result.errors).toEqual([expect.stringMatching(/^file: /)]);
    }
  });
});
