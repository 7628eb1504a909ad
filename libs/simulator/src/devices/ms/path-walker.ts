import type { Xy } from '../../geo/local-frame';
import type { CarrierRoute } from './carrier-route';

/** Position along a polyline walked back and forth at constant speed (an operator on foot or a van). */
export class PathWalker implements CarrierRoute {
  private readonly cumulative: number[] = [0];

  constructor(private readonly path: readonly Xy[], private readonly speedMs: number) {
    for (let i = 1; i < path.length; i++) {
      const a = path[i - 1]!;
      const b = path[i]!;
      this.cumulative.push(this.cumulative[i - 1]! + Math.hypot(b.x - a.x, b.y - a.y));
    }
  }

  get lengthM(): number {
    return this.cumulative[this.cumulative.length - 1]!;
  }

  at(tS: number): Xy {
    const len = this.lengthM;
    if (len === 0) return { ...this.path[0]! };
    const s0 = (this.speedMs * Math.max(0, tS)) % (2 * len);
    const s = s0 <= len ? s0 : 2 * len - s0;
    let i = 1;
    while (i < this.cumulative.length - 1 && this.cumulative[i]! < s) i++;
    const a = this.path[i - 1]!;
    const b = this.path[i]!;
    const seg = this.cumulative[i]! - this.cumulative[i - 1]!;
    const f = seg === 0 ? 0 : (s - this.cumulative[i - 1]!) / seg;
    return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
  }
}
