import { MAX_RECEPTOR_POSITIONS, receptorsFromGeoJson } from './receptor-import';

const ring = [[114.29, 30.59], [114.31, 30.59], [114.31, 30.61], [114.29, 30.61], [114.29, 30.59]];
const feature = (geometry: unknown, properties: Record<string, unknown> | null = {}) => ({ type: 'Feature', properties, geometry });
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

describe('receptorsFromGeoJson', () => {
  it('turns points, polygons and multipolygons into receptors, keeping the other properties', () => {
    const { receptors, errors } = receptorsFromGeoJson(
      collection(
        feature({ type: 'Point', coordinates: [114.3, 30.6, 12] }, { name: ' No. 3 intake ', kind: 'water-intake', operator: 'city water' }),
        feature({ type: 'Polygon', coordinates: [ring] }, { name: 'Xiaohe village', kind: 'village', population: 1200 }),
        feature({ type: 'MultiPolygon', coordinates: [[ring]] }, { name: 'Campus' }),
      ),
      'school',
    );
    expect(errors).toEqual([]);
    expect(receptors).toEqual([
      { name: 'No. 3 intake', kind: 'water-intake', geometry: { type: 'Point', coordinates: [114.3, 30.6] }, population: null, properties: { operator: 'city water' } },
      { name: 'Xiaohe village', kind: 'village', geometry: { type: 'Polygon', coordinates: [ring] }, population: 1200, properties: {} },
      { name: 'Campus', kind: 'school', geometry: { type: 'MultiPolygon', coordinates: [[ring]] }, population: null, properties: {} },
    ]);
  });

  it('accepts a single feature', () => {
    expect(receptorsFromGeoJson(feature({ type: 'Point', coordinates: [114.3, 30.6] }, { name: 'Clinic', kind: 'hospital' })).receptors).toHaveLength(1);
  });

  it('refuses the whole file, naming each bad feature, its name and the bad value', () => {
    const { receptors, errors } = receptorsFromGeoJson(
      collection(
        feature({ type: 'Point', coordinates: [114.3, 30.6] }, { name: 'Fine' }),
        feature({ type: 'Point', coordinates: [114.3, 30.6] }, { kind: 'hospital' }),
        feature({ type: 'Point', coordinates: [214.3, 30.6] }, { name: 'Far east' }),
        feature({ type: 'Polygon', coordinates: [ring.slice(0, 4)] }, { name: 'Open ring' }),
        feature({ type: 'LineString', coordinates: [[114.3, 30.6], [114.4, 30.6]] }, { name: 'Road' }),
        feature({ type: 'Point', coordinates: [114.3, 30.6] }, { name: 'Odd', kind: 'mall', population: -3 }),
        { type: 'Feature', properties: null, geometry: null },
      ),
    );
    expect(receptors).toEqual([]);
    expect(errors).toEqual([
      'feature 1: properties.name: required, as text',
      'feature 2 (Far east): geometry.coordinates: longitude must be within -180…180',
      'feature 3 (Open ring): geometry.coordinates.0: the ring must end where it starts',
      expect.stringMatching(/^feature 4 \(Road\): geometry\.type: /),
      expect.stringMatching(/^feature 5 \(Odd\): properties\.kind: .*; properties\.population: /),
      expect.stringMatching(/^feature 6: properties\.name: .*; geometry\.type: /),
    ]);
  });

  it('refuses geometries too large for one stored row, and files with nothing in them', () => {
    const big = Array.from({ length: MAX_RECEPTOR_POSITIONS }, (_, i) => [114 + i * 1e-5, 30.6]);
    const { errors } = receptorsFromGeoJson(feature({ type: 'Polygon', coordinates: [[...big, big[0]]] }, { name: 'Huge' }));
    expect(errors).toEqual([`feature 0 (Huge): geometry: ${MAX_RECEPTOR_POSITIONS + 1} positions, at most ${MAX_RECEPTOR_POSITIONS} (simplify it)`]);
    expect(receptorsFromGeoJson(collection()).errors).toEqual(['the file holds no feature']);
    expect(receptorsFromGeoJson({ type: 'Topology' }).errors[0]).toMatch(/^type: /);
  });
});
