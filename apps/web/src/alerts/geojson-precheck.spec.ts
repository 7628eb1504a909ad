import { precheckGeoJson } from './geojson-precheck';

const ring = [[114.26, 30.6], [114.28, 30.6], [114.28, 30.62], [114.26, 30.6]];
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

describe('precheckGeoJson', () => {
  it('turns polygons and points with a radius into geofence rules with the defaults', () => {
    const text = fc([
      { type: 'Feature', properties: { name: 'Park' }, geometry: { type: 'Polygon', coordinates: [ring] } },
      { type: 'Feature', properties: { name: 'Intake', radiusM: 300, level: 'red' }, geometry: { type: 'Point', coordinates: [114.3, 30.63] } },
    ]);
    const r = precheckGeoJson(text, { trigger: 'enter', level: 'yellow' });
    expect(r.errors).toEqual([]);
    expect(r.rules.map((x) => [x.name, (x as { level: string }).level])).toEqual([['Park', 'yellow'], ['Intake', 'red']]);
    expect(r.geojson).toMatchObject({ type: 'FeatureCollection' });
  });

  it('lists each feature that cannot become a geofence, and warns of dropped holes', () => {
    const text = fc([
      { type: 'Feature', properties: { name: 'Open' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1]]] } },
      { type: 'Feature', properties: { name: 'Dot' }, geometry: { type: 'Point', coordinates: [114.3, 30.63] } },
      { type: 'Feature', properties: { name: 'Holey' }, geometry: { type: 'Polygon', coordinates: [ring, ring] } },
    ]);
    const r = precheckGeoJson(text, { trigger: 'dwell', level: 'blue', dwellS: 60 });
    expect(r.errors).toEqual([expect.stringMatching(/^feature 0 \(Open\): /), 'feature 1 (Dot): a Point needs a numeric radiusM property']);
    expect(r.warnings).toEqual(['feature 2 (Holey): 1 hole(s) ignored']);
    expect(r.rules).toHaveLength(1);
  });

  it('refuses text that is not JSON, or JSON that is not GeoJSON', () => {
    expect(precheckGeoJson('{"type": ', { trigger: 'enter', level: 'blue' })).toMatchObject({ geojson: null, rules: [], errors: [expect.stringMatching(/^not JSON: /)] });
    expect(precheckGeoJson('{"type":"Topology"}', { trigger: 'enter', level: 'blue' }).errors.length).toBeGreaterThan(0);
  });
});
