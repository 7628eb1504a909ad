import type { SeriesSample } from './series-buffer';

/**
 * Thins a time-ordered series for drawing: the window [from, to] is cut into `buckets` equal spans
 * and each keeps its first, minimum, maximum and last sample (in time order), so peaks survive and
 * a chart never gets more points than it has pixels to show them. Samples before `from` are kept as
 * the single last one (a line enters the window from its left edge). Short series pass unchanged.
 */
export function decimate(points: readonly SeriesSample[], from: number, to: number, buckets: number): readonly SeriesSample[] {
  if (points.length <= buckets * 4) return points;
  const out: SeriesSample[] = [];
  const width = Math.max(1, (to - from) / buckets);
  let i = 0;
  let before: SeriesSample | undefined;
  while (i < points.length && points[i]!.t < from) before = points[i++];
  if (before) out.push(before);
  while (i < points.length) {
    const bucketEnd = from + (Math.floor((points[i]!.t - from) / width) + 1) * width;
    const first = points[i]!;
    let min = first;
    let max = first;
    let last = first;
    for (; i < points.length && points[i]!.t < bucketEnd; i++) {
      const p = points[i]!;
      if (p.v < min.v) min = p;
      if (p.v > max.v) max = p;
      last = p;
    }
    const keep = [first, min, max, last].sort((a, b) => a.t - b.t);
    for (const p of keep) if (out[out.length - 1] !== p) out.push(p);
  }
  return out;
}

/** How many samples of a time-ordered series are at or after `from` (a binary search: no copy of the window). */
export function countFrom(points: readonly SeriesSample[], from: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid]!.t < from) lo = mid + 1;
    else hi = mid;
  }
  return points.length - lo;
}
