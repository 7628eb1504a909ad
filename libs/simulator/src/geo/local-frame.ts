/** Local alias: global lookups are ~8× slower inside Jest's VM context, and this is a hot path. */
const M = Math;
/** A point in a scenario's local tangent plane: metres east and north of the scenario origin. */
export interface Xy {
  x: number;
  y: number;
}

export interface LatLon {
  lat: number;
  lon: number;
}

const EARTH_RADIUS_M = 6_371_000;

/**
 * Equirectangular projection around an origin. Scenario areas are a few kilometres across, where
 * its error (millimetres) is far below GNSS noise, and it keeps the physics in plain metres.
 */
export class LocalFrame {
  private readonly mPerDegLat: number;
  private readonly mPerDegLon: number;

  constructor(readonly origin: LatLon) {
    this.mPerDegLat = (M.PI / 180) * EARTH_RADIUS_M;
    this.mPerDegLon = this.mPerDegLat * M.cos((origin.lat * M.PI) / 180);
  }

  toLatLon(p: Xy): LatLon {
    return { lat: this.origin.lat + p.y / this.mPerDegLat, lon: this.origin.lon + p.x / this.mPerDegLon };
  }

  toXy(p: LatLon): Xy {
    return { x: (p.lon - this.origin.lon) * this.mPerDegLon, y: (p.lat - this.origin.lat) * this.mPerDegLat };
  }
}

export function distance(a: Xy, b: Xy): number {
  return M.hypot(a.x - b.x, a.y - b.y);
}

/** Compass bearing (degrees clockwise from north, 0–360) from a to b. */
export function bearingDeg(a: Xy, b: Xy): number {
  return normalizeDeg((M.atan2(b.x - a.x, b.y - a.y) * 180) / M.PI);
}

export function normalizeDeg(deg: number): number {
  const d = deg % 360;
  return d < 0 ? d + 360 : d;
}

/** Signed smallest difference a − b in degrees, in (−180, 180]. */
export function deltaDeg(a: number, b: number): number {
  const d = normalizeDeg(a - b);
  return d > 180 ? d - 360 : d;
}

/** Distance from p to the segment ab, and the fraction along it of the closest point. */
export function distanceToSegment(p: Xy, a: Xy, b: Xy): { d: number; f: number } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const f = len2 === 0 ? 0 : M.max(0, M.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return { d: M.hypot(p.x - (a.x + f * dx), p.y - (a.y + f * dy)), f };
}

/** Rounds to a fixed number of decimals: payload numbers must print identically run to run. */
export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = M.round(value * f) / f;
  return r === 0 ? 0 : r; // no "-0" in JSON
}
