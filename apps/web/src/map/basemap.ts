/**
 * Hand-made offline basemap of the demo area: a stretch of the Yangtze near Wuhan with a chemical
 * park on the north bank and a drinking-water intake downstream of it. Illustrative geometry
 * (WGS-84 degrees, [lon, lat]), not survey data; good enough to place devices without tiles or
 * network. Feature `name` is a stable id (styled and labelled by role), never shown raw.
 */
import type { MessageKey } from '../i18n/messages';

export const DEMO_MAP_NAME = 'tianyan-demo-area';

export type BasemapRole = 'land' | 'water' | 'zone1' | 'zone2' | 'plant' | 'road' | 'bridge';

type Position = [number, number];
type Geometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'LineString'; coordinates: Position[] };

export interface BasemapFeature {
  type: 'Feature';
  properties: { name: string; role: BasemapRole };
  geometry: Geometry;
}

export interface BasemapCollection {
  type: 'FeatureCollection';
  features: BasemapFeature[];
}

/** Centre of the default view (the plant is at lat 30.61, lon 114.27). */
export const DEMO_CENTER: Position = [114.277, 30.612];

const polygon = (name: string, role: BasemapRole, ring: Position[]): BasemapFeature => ({
  type: 'Feature',
  properties: { name, role },
  geometry: { type: 'Polygon', coordinates: [ring] },
});
const line = (name: string, role: BasemapRole, coordinates: Position[]): BasemapFeature => ({
  type: 'Feature',
  properties: { name, role },
  geometry: { type: 'LineString', coordinates },
});

/**
 * Drawn in order: land, protection zones, river, plant, roads on top. The river follows the
 * simulator's schematic Yangtze centreline (libs/simulator DEMO_AREA: SSW → NNE, ~900 m wide);
 * the plant's burning unit is at 30.61 N 114.27 E and the OBD stations sit on its approach roads.
 */
export const DEMO_BASEMAP: BasemapCollection = {
  type: 'FeatureCollection',
  features: [
    polygon('land', 'land', [[114.228, 30.56], [114.322, 30.56], [114.322, 30.664], [114.228, 30.664], [114.228, 30.56]]),
    polygon('water-zone-2', 'zone2', [[114.29477, 30.62316], [114.30677, 30.64616], [114.29087, 30.6523], [114.27887, 30.6293], [114.29477, 30.62316]]),
    polygon('yangtze', 'water', [
      [114.2592, 30.56643], [114.26322, 30.57656], [114.27498, 30.60131], [114.28564, 30.62655], [114.29735, 30.6498],
      [114.30438, 30.66152], [114.30545, 30.664], [114.31498, 30.664], [114.31305, 30.65815], [114.30584, 30.64651],
      [114.29434, 30.62346], [114.28387, 30.59841], [114.27193, 30.57372], [114.268, 30.56357], [114.2671, 30.56],
      [114.2577, 30.56], [114.2592, 30.56643],
    ]),
    polygon('water-zone-1', 'zone1', [[114.29399, 30.62899], [114.29999, 30.64049], [114.2914, 30.6438], [114.2854, 30.6323], [114.29399, 30.62899]]),
    polygon('chemical-plant', 'plant', [
      [114.2635, 30.6035], [114.2716, 30.6031], [114.2738, 30.6088], [114.2731, 30.6172], [114.2662, 30.6184], [114.2621, 30.6112],
      [114.2635, 30.6035],
    ]),
    line('riverside-avenue', 'road', [[114.25543, 30.56], [114.26083, 30.57734], [114.27183, 30.60234], [114.28291, 30.62752], [114.29501, 30.65071], [114.30131, 30.66272]]),
    line('linjiang-road', 'road', [[114.26785, 30.56], [114.27539, 30.57259], [114.28639, 30.59759], [114.2973, 30.62241], [114.30921, 30.64521], [114.3155, 30.6572]]),
    line('plant-road-south', 'road', [[114.2716, 30.6031], [114.2675, 30.6005], [114.26, 30.597], [114.252, 30.592], [114.238, 30.585], [114.228, 30.5805]]),
    line('plant-road-north', 'road', [[114.2662, 30.6184], [114.262, 30.6235], [114.258, 30.628], [114.249, 30.638], [114.24, 30.652], [114.236, 30.664]]),
    line('plant-gate-road', 'road', [[114.2738, 30.6088], [114.2745, 30.6087]]),
    line('yangtze-bridge', 'bridge', [[114.28063, 30.62234], [114.29519, 30.61759]]),
  ],
};

/** Map labels, placed by hand; text comes from the i18n dictionary. */
export interface BasemapLabel {
  readonly id: string;
  readonly textKey: MessageKey;
  readonly coord: Position;
  readonly role: BasemapRole | 'intake';
}

export const DEMO_LABELS: readonly BasemapLabel[] = [
  { id: 'river', textKey: 'map.river', coord: [114.2705, 30.5835], role: 'water' },
  { id: 'plant', textKey: 'map.plant', coord: [114.2672, 30.6158], role: 'plant' },
  { id: 'zone1', textKey: 'map.waterZone1', coord: [114.2952, 30.6343], role: 'zone1' },
  { id: 'zone2', textKey: 'map.waterZone2', coord: [114.2918, 30.6492], role: 'zone2' },
  { id: 'intake', textKey: 'map.intake', coord: [114.29148, 30.63687], role: 'intake' },
  { id: 'bridge', textKey: 'map.bridge', coord: [114.2905, 30.6176], role: 'bridge' },
  { id: 'road-north', textKey: 'map.roadNorth', coord: [114.2628, 30.5853], role: 'road' },
  { id: 'road-south', textKey: 'map.roadSouth', coord: [114.2925, 30.6046], role: 'road' },
];
