/**
 * Latencies in 1 ms buckets up to two minutes (the last bucket holds everything slower): millions of
 * samples per run cost a fixed 480 KB, and histograms from several processes add up exactly.
 */
export class LatencyHistogram {
  static readonly MAX_MS = 120_000;
  readonly buckets: Uint32Array;
  count = 0;

  constructor(buckets?: ArrayLike<number>) {
    this.buckets = new Uint32Array(LatencyHistogram.MAX_MS + 1);
    if (buckets) {
      this.buckets.set(buckets);
      for (let i = 0; i < this.buckets.length; i++) this.count += this.buckets[i]!;
    }
  }

  record(ms: number): void {
    const i = ms <= 0 ? 0 : ms >= LatencyHistogram.MAX_MS ? LatencyHistogram.MAX_MS : Math.round(ms);
    this.buckets[i]!++;
    this.count++;
  }

  add(other: LatencyHistogram): void {
    for (let i = 0; i < this.buckets.length; i++) this.buckets[i]! += other.buckets[i]!;
    this.count += other.count;
  }

  /** Nearest-rank percentile in ms; NaN when empty. */
  percentile(p: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i]!;
      if (seen >= rank) return i;
    }
    return LatencyHistogram.MAX_MS;
  }

  /** Sparse form for IPC: [ms, count] pairs of the non-empty buckets. */
  toSparse(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.buckets.length; i++) if (this.buckets[i]) out.push([i, this.buckets[i]!]);
    return out;
  }

  static fromSparse(pairs: [number, number][]): LatencyHistogram {
    const h = new LatencyHistogram();
    for (const [ms, n] of pairs) {
      h.buckets[ms] = n;
      h.count += n;
    }
    return h;
  }
}
