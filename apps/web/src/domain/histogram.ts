export interface HistogramBin {
  /** Lower edge (inclusive). */
  readonly from: number;
  /** Upper edge (exclusive; the last bin also takes everything above). */
  readonly to: number;
  readonly count: number;
}

/**
 * Fixed-width bins from `min` in steps of `width`, `count` of them. Values below `min` fall in the
 * first bin and above the range in the last, so nothing measured disappears off the chart.
 */
export function histogram(values: Iterable<number>, spec: { min: number; width: number; count: number }): HistogramBin[] {
  const counts = new Array<number>(spec.count).fill(0);
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const i = Math.min(spec.count - 1, Math.max(0, Math.floor((v - spec.min) / spec.width + 1e-9)));
    counts[i]!++;
  }
  return counts.map((count, i) => ({ from: spec.min + i * spec.width, to: spec.min + (i + 1) * spec.width, count }));
}
