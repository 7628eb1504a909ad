import { geofenceGeometrySchema, type GeofenceGeometry } from '@tianyan/contracts';
import { circleRing, distanceM, type LonLat } from './geofence-geometry';

export type DraftMode = 'polygon' | 'circle';

/** Vertices closer than this (degrees, ~1 m) are one: the two clicks of a double-click. */
const SAME_POINT_DEG = 1e-5;
const same = (a: LonLat, b: LonLat) => Math.abs(a[0] - b[0]) < SAME_POINT_DEG && Math.abs(a[1] - b[1]) < SAME_POINT_DEG;

/**
 * A geofence being drawn on the map. Polygon: each click adds a vertex; finish (double-click or the
 * button) closes the ring once it has three distinct vertices. Circle: the first click sets the
 * centre, the second the radius (or type the radius). `finish()` gives a geometry the rule schema
 * accepts, or the reason it cannot.
 */
export class GeofenceDraft {
  private points: [number, number][] = [];
  private radius: number | null = null;

  constructor(readonly mode: DraftMode) {}

  get vertices(): readonly LonLat[] {
    return this.points;
  }

  get radiusM(): number | null {
    return this.radius;
  }

  /** A map click. Returns true when the shape is complete (a circle's second click). */
  click(p: LonLat): boolean {
    const point: [number, number] = [p[0], p[1]];
    if (this.mode === 'circle') {
      if (this.points.length === 0) {
        this.points = [point];
        return false;
      }
      this.radius = Math.round(distanceM(this.points[0]!, point));
      return this.radius > 0;
    }
    const last = this.points[this.points.length - 1];
    if (!last || !same(last, point)) this.points.push(point);
    return false;
  }

  setRadius(m: number): void {
    this.radius = Number.isFinite(m) && m > 0 ? m : null;
  }

  undo(): void {
    if (this.mode === 'circle' && this.radius !== null) this.radius = null;
    else this.points.pop();
  }

  canFinish(): boolean {
    return this.mode === 'circle' ? this.points.length === 1 && this.radius !== null : this.points.length >= 3;
  }

  finish(): { geometry: GeofenceGeometry } | { error: string } {
    const candidate =
      this.mode === 'circle'
        ? this.points.length === 1 && this.radius !== null
          ? { type: 'circle', center: { lon: this.points[0]![0], lat: this.points[0]![1] }, radiusM: this.radius }
          : null
        : this.points.length >= 3
          ? { type: 'polygon', coordinates: [...this.points, this.points[0]!] }
          : null;
    if (!candidate) return { error: this.mode === 'circle' ? 'circle: set a centre and a radius' : 'polygon: at least three vertices' };
    const parsed = geofenceGeometrySchema.safeParse(candidate);
    return parsed.success ? { geometry: parsed.data } : { error: parsed.error.issues.map((i) => `${i.path.join('.') || 'geometry'}: ${i.message}`).join('; ') };
  }

  /**
   * What the map shows while drawing: the vertices so far and a line to the cursor (polygon), or
   * the circle at the cursor's distance (circle).
   */
  preview(cursor: LonLat | null): { line: [number, number][]; closed: boolean } {
    if (this.mode === 'circle') {
      const c = this.points[0];
      if (!c) return { line: [], closed: false };
      const r = this.radius ?? (cursor ? distanceM(c, cursor) : 0);
      return r > 0 ? { line: circleRing(c, r), closed: true } : { line: [], closed: false };
    }
    const line = [...this.points];
    if (cursor && line.length > 0) line.push([cursor[0], cursor[1]]);
    if (line.length >= 3) line.push(line[0]!);
    return { line, closed: line.length >= 4 };
  }
}
