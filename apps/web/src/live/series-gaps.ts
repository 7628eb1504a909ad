import type { SeriesSample } from './series-buffer';

/**
 * The longest silence between consecutive samples inside [from, to], counting the edges of the
 * window from the first and to the last sample held there. A screen that refilled a reconnect
 * gap from the API shows no silence much longer than the device's reporting interval.
 */
export function maxGapMs(points: readonly SeriesSample[], from: number, to: number): number {
  let prev: number | null = null;
  let max = 0;
  for (const p of points) {
    if (p.t < from || p.t > to) continue;
    if (prev !== null) max = Math.max(max, p.t - prev);
    prev = p.t;
  }
  return prev === null ? to - from : max;
}
