import { LocalFrame, round, type Xy } from '../geo/local-frame';
import { DEMO_AREA } from './demo-area';
import { along } from './incidents/chemical-plant-fire';

/** The demo's usual wind (from the south-west), as the plant-fire scenario draws it. */
const DEMO_WIND_FROM_DEG = 225;

/**
 * Sensitive receptors around the demo plant, placed relative to the usual wind so the screen shows
 * every status: a school and a village on the downwind axis (inside the plume or downwind of it),
 * a care home off-axis, a hospital upwind, and a drinking-water intake on the river. A GeoJSON
 * FeatureCollection, as a user would upload it (`POST /api/receptors/import`).
 */
export function demoReceptorsGeoJson(): { type: 'FeatureCollection'; features: unknown[] } {
  const frame = new LocalFrame(DEMO_AREA.centre);
  const fire = frame.toXy(DEMO_AREA.plantFire);
  const downwind = (DEMO_WIND_FROM_DEG + 180) % 360;
  const lonLat = (p: Xy) => {
    const ll = frame.toLatLon(p);
    return [round(ll.lon, 6), round(ll.lat, 6)];
  };
  const point = (name: string, kind: string, population: number, at: Xy) => ({
    type: 'Feature',
    properties: { name, kind, population },
    geometry: { type: 'Point', coordinates: lonLat(at) },
  });
  const villageCentre = along(fire, downwind, 1_600);
  const square = [-1, 1].flatMap((dx) => [-1, 1].map((dy) => ({ x: villageCentre.x + dx * 180, y: villageCentre.y + dy * 180 })));
  const ring = [square[0]!, square[1]!, square[3]!, square[2]!, square[0]!].map(lonLat);
  return {
    type: 'FeatureCollection',
    features: [
      point('青山区实验小学 Qingshan Primary School', 'school', 1_200, along(fire, downwind, 700)),
      { type: 'Feature', properties: { name: '建设村 Jianshe Village', kind: 'village', population: 3_400 }, geometry: { type: 'Polygon', coordinates: [ring] } },
      point('颐养院 Yiyang Care Home', 'care-home', 180, along(along(fire, downwind, 1_100), downwind + 90, 450)),
      point('区人民医院 District Hospital', 'hospital', 600, along(fire, DEMO_WIND_FROM_DEG, 1_500)),
      point('白沙洲水厂取水口 Baishazhou Water Intake', 'water-intake', 0, frame.toXy(DEMO_AREA.river[2]!)),
    ],
  };
}
