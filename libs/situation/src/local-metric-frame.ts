/** Mean earth radius turf uses, so local metres agree with turf's distances and areas. */
const EARTH_RADIUS_M = 6371008.8;
const RAD = Math.PI / 180;

/**
 * Equirectangular projection around a centre: metres east (x) and north (y). At incident scale
 * (a few km) its distortion is far below a grid cell, and it keeps the IDW and contouring planar.
 */
export class LocalMetricFrame {
  private readonly mPerDegLat = EARTH_RADIUS_M * RAD;
  private readonly mPerDegLon: number;

  constructor(
    readonly lat0: number,
    readonly lon0: number,
  ) {
    this.mPerDegLon = this.mPerDegLat * Math.cos(lat0 * RAD);
  }

  x(lon: number): number {
    return (lon - this.lon0) * this.mPerDegLon;
  }

  y(lat: number): number {
    return (lat - this.lat0) * this.mPerDegLat;
  }

  lon(x: number): number {
    return this.lon0 + x / this.mPerDegLon;
  }

  lat(y: number): number {
    return this.lat0 + y / this.mPerDegLat;
  }
}

/** Rounds a coordinate to 6 decimals (~0.1 m): enough for the map, and it keeps stored snapshots small. */
export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
