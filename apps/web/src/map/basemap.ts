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

/** Centre of the demo area (lat 30.61, lon 114.27). */
export const DEMO_CENTER: Position = [114.275, 30.612];

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

/** Drawn in order: land, protection zones, river, plant, roads on top. */
export const DEMO_BASEMAP: BasemapCollection = {
  type: 'FeatureCollection',
  features: [
    polygon('land', 'land', [[114.2, 30.562], [114.352, 30.562], [114.352, 30.664], [114.2, 30.664], [114.2, 30.562]]),
    polygon('water-zone-2', 'zone2', [[114.28536, 30.60955], [114.31956, 30.63425], [114.30724, 30.64689], [114.27304, 30.62219], [114.28536, 30.60955]]),
    polygon('yangtze', 'water', [
      [114.2, 30.58295], [114.21972, 30.58937], [114.23771, 30.59424], [114.25875, 30.6044], [114.27787, 30.61747],
      [114.29651, 30.62958], [114.31436, 30.64318], [114.33503, 30.65583], [114.352, 30.66411], [114.352, 30.65301],
      [114.32188, 30.63454], [114.30464, 30.62124], [114.28562, 30.60908], [114.26549, 30.59529], [114.24304, 30.58437],
      [114.22399, 30.57931], [114.2, 30.57122], [114.2, 30.58295],
    ]),
    polygon('water-zone-1', 'zone1', [[114.29265, 30.61938], [114.31065, 30.63238], [114.3043, 30.6389], [114.2863, 30.6259], [114.29265, 30.61938]]),
    polygon('chemical-park', 'plant', [
      [114.244, 30.6065], [114.258, 30.613], [114.2705, 30.6205], [114.2668, 30.629], [114.2535, 30.6286], [114.2462, 30.6232],
      [114.2402, 30.616], [114.244, 30.6065],
    ]),
    line('riverside-avenue', 'road', [
      [114.2, 30.58755], [114.21821, 30.59292], [114.23535, 30.59862], [114.25607, 30.60802], [114.27513, 30.62044],
      [114.2929, 30.63328], [114.31138, 30.6466], [114.33874, 30.66282],
    ]),
    line('linjiang-road', 'road', [
      [114.2, 30.56643], [114.22618, 30.57414], [114.24514, 30.58048], [114.26855, 30.59114], [114.28959, 30.60478],
      [114.30784, 30.61796], [114.32531, 30.6306], [114.352, 30.6464],
    ]),
    line('expressway', 'road', [[114.29382, 30.60717], [114.2968, 30.5992], [114.3012, 30.5921], [114.3125, 30.5808], [114.3285, 30.5686]]),
    line('park-access-road', 'road', [[114.2535, 30.6286], [114.2492, 30.6402], [114.2466, 30.6552], [114.245, 30.664]]),
    line('yangtze-bridge', 'bridge', [[114.27776, 30.62364], [114.29382, 30.60717]]),
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
  { id: 'river', textKey: 'map.river', coord: [114.226, 30.5835], role: 'water' },
  { id: 'plant', textKey: 'map.plant', coord: [114.2555, 30.6215], role: 'plant' },
  { id: 'zone1', textKey: 'map.waterZone1', coord: [114.2985, 30.6295], role: 'zone1' },
  { id: 'zone2', textKey: 'map.waterZone2', coord: [114.3105, 30.6440], role: 'zone2' },
  { id: 'intake', textKey: 'map.intake', coord: [114.29776, 30.62987], role: 'intake' },
  { id: 'bridge', textKey: 'map.bridge', coord: [114.2858, 30.6154], role: 'bridge' },
  { id: 'road-north', textKey: 'map.roadNorth', coord: [114.218, 30.5955], role: 'road' },
  { id: 'road-south', textKey: 'map.roadSouth', coord: [114.238, 30.5725], role: 'road' },
];
