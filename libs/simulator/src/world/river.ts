import { distanceToSegment, type Xy } from '../geo/local-frame';

/** A river as a centreline polyline with a half-width; flow runs from the first point to the last. */
export class River {
  constructor(readonly centreline: readonly Xy[], readonly halfWidthM: number) {}

  /** Distance to the centreline, the closest segment and the fraction along it. */
  nearest(p: Xy): { d: number; segment: number; f: number } {
    let best = { d: Infinity, segment: 0, f: 0 };
    for (let i = 0; i + 1 < this.centreline.length; i++) {
      const { d, f } = distanceToSegment(p, this.centreline[i]!, this.centreline[i + 1]!);
      if (d < best.d) best = { d, segment: i, f };
    }
    return best;
  }

  /** Hot path (every thermal pixel): no allocation, early exit. */
  isWater(x: number, y: number): boolean {
    const pts = this.centreline;
    const r2 = this.halfWidthM * this.halfWidthM;
    for (let i = 0; i + 1 < pts.length; i++) {
      const a = pts[i]!;
      const b = pts[i + 1]!;
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const len2 = dx * dx + dy * dy;
      let f = len2 === 0 ? 0 : ((x - a.x) * dx + (y - a.y) * dy) / len2;
      f = f < 0 ? 0 : f > 1 ? 1 : f;
      const ex = x - (a.x + f * dx);
      const ey = y - (a.y + f * dy);
      if (ex * ex + ey * ey <= r2) return true;
    }
    return false;
  }

  /** Unit vector of the flow at segment i. */
  flowDir(segment: number): Xy {
    const a = this.centreline[segment]!;
    const b = this.centreline[segment + 1]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    return { x: (b.x - a.x) / len, y: (b.y - a.y) / len };
  }

  /** A point on the bank at fraction f of segment i, offset across the flow (positive = right bank). */
  bankPoint(segment: number, f: number, offsetM: number): Xy {
    const a = this.centreline[segment]!;
    const b = this.centreline[segment + 1]!;
    const dir = this.flowDir(segment);
    return { x: a.x + (b.x - a.x) * f + dir.y * offsetM, y: a.y + (b.y - a.y) * f - dir.x * offsetM };
  }
}
