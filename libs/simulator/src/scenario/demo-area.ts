import type { LatLon } from '../geo/local-frame';

/**
 * The demo area: a chemical plant on the Yangtze near Wuhan. The web screen's offline basemap covers
 * about ±0.03° around the centre, so every device path stays inside it. The river line is a
 * schematic of the Yangtze's south-west → north-east course here, not surveyed geometry.
 */
export const DEMO_AREA = {
  centre: { lat: 30.61, lon: 114.27 },
  halfSpanDeg: 0.03,
  groundElevationM: 22,
  /** Yangtze centreline, upstream first (the river flows north-east past Wuhan). */
  river: [
    { lat: 30.575, lon: 114.268 },
    { lat: 30.6, lon: 114.279 },
    { lat: 30.625, lon: 114.29 },
    { lat: 30.648, lon: 114.302 },
  ] as LatLon[],
  riverHalfWidthM: 450,
  /** The burning unit of the plant, west of the river. */
  plantFire: { lat: 30.61, lon: 114.27 },
  /** Where the drone crews park, upwind of the usual south-westerly. */
  droneStaging: { lat: 30.604, lon: 114.262 },
  /** Roadside inspection points on the approach roads. */
  obdStations: [
    { lat: 30.592, lon: 114.252 },
    { lat: 30.628, lon: 114.258 },
  ] as LatLon[],
} as const;
