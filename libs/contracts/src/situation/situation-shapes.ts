import type { AlertLevel } from '../alerts/alert-level';

/**
 * The situation picture of an incident (issue 8): what the commander needs instead of raw dots.
 * Computed on the server from the incident's readings in a sliding window, published live and
 * stored as snapshots so playback shows it as it was. Geometry is GeoJSON (lon, lat order).
 */

/** GeoJSON MultiPolygon coordinates: polygons → rings → [lon, lat]. */
export type MultiPolygonCoordinates = number[][][][];

export interface LatLon {
  lat: number;
  lon: number;
}

/** Bands a plume is contoured at; `extent` is the lowest configured band (default the compound's OEL or AEGL-1). */
export const PLUME_BANDS = ['extent', 'aegl1', 'aegl2', 'aegl3'] as const;
export type PlumeBand = (typeof PLUME_BANDS)[number];

export interface PlumeZone {
  band: PlumeBand;
  /** Colour on the screen and of the alert a receptor entering it raises. */
  level: AlertLevel;
  thresholdPpm: number;
  /** Where the threshold comes from, e.g. "AEGL-2 60 min (27 ppm)". */
  basis: string;
  polygon: MultiPolygonCoordinates;
  areaKm2: number;
}

export interface PlumeDrift {
  /** Direction the centroid moves toward, degrees clockwise from north. */
  towardDeg: number;
  speedMs: number;
}

/**
 * How a plume's concentration field was estimated. `dispersion-fit`: a Gaussian plume from the fire
 * seen by the drones, fitted to the readings (r2 of ln concentration over `points`), drawn along
 * `towardDeg`; `idw`: inverse-distance interpolation of the readings, used when there is no known
 * source or the readings do not fit a plume from it.
 */
export type PlumeEstimate = { method: 'dispersion-fit'; r2: number; points: number; towardDeg: number } | { method: 'idw' };

/** One compound's plume at one instant (device time). */
export interface PlumeSnapshot {
  cas: string;
  compound: string;
  /** Readings (georeferenced concentrations) in the window, and from how many devices. */
  sampleCount: number;
  deviceCount: number;
  maxPpm: number;
  /** Highest band first; a band not reached is absent. */
  zones: PlumeZone[];
  /** Area of the outermost zone. */
  extentAreaKm2: number;
  /** Concentration-weighted centre of the outermost zone; null when no zone. */
  centroid: LatLon | null;
  drift: PlumeDrift | null;
  /** Change of the extent area, % per minute over the drift window; null until two snapshots. */
  growthPctPerMin: number | null;
  /** Absent on snapshots stored before the dispersion fit existed (they were all `idw`). */
  estimate?: PlumeEstimate;
}

export interface ThermalExtent {
  thresholdC: number;
  polygon: MultiPolygonCoordinates;
  areaM2: number;
  hottestC: number;
  hottest: LatLon | null;
  frames: number;
  growthPctPerMin: number | null;
}

export const RECEPTOR_KINDS = ['school', 'hospital', 'village', 'water-intake', 'care-home', 'other'] as const;
export type ReceptorKind = (typeof RECEPTOR_KINDS)[number];

/** A sensitive place: a point (school gate, intake) or an area (village). */
export interface Receptor {
  id: string;
  name: string;
  kind: ReceptorKind;
  /** GeoJSON geometry: Point, Polygon or MultiPolygon. */
  geometry: { type: 'Point'; coordinates: number[] } | { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
  population: number | null;
  /** The uploaded feature's other properties (address, contact…), as they came. */
  properties?: Record<string, unknown>;
  createdAt: string;
}

export interface ReceptorStatus {
  receptorId: string;
  name: string;
  kind: ReceptorKind;
  /** Highest plume band the receptor lies in, with its compound; null when outside every zone. */
  inside: { cas: string; band: PlumeBand; level: AlertLevel } | null;
  /** Downwind of the plume's source side within the configured distance, not (yet) inside. */
  downwind: boolean;
  /** Distance (m) to the nearest zone edge; 0 inside. null when there is no plume. */
  distanceM: number | null;
}

/** Where the wind used for "downwind" came from. */
export type WindSource = 'incident' | 'plume-axis';

export interface SituationSnapshot {
  incidentId: string;
  drill: boolean;
  /** Device time the picture describes (end of the window), epoch ms. */
  at: number;
  windowS: number;
  wind: { fromDeg: number; speedMs: number | null; source: WindSource } | null;
  plumes: PlumeSnapshot[];
  thermal: ThermalExtent | null;
  receptors: ReceptorStatus[];
  /** Computed on request from the stored readings (no stored snapshot covered T), not by the live service. */
  recomputed?: true;
}
