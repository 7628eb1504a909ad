import { RingBuffer } from './ring-buffer';

/** One point of a metric: device time (epoch ms) and value. */
export interface SeriesSample {
  readonly t: number;
  readonly v: number;
}

/**
 * The bounded history of one device × metric. In-time readings form the line, kept in device-time
 * order; store-and-forward (late) readings are kept apart so a chart can mark them and never
 * draw them as the line's newest point.
 */
export class SeriesBuffer {
  private readonly line: RingBuffer<SeriesSample>;
  private readonly lateSamples: RingBuffer<SeriesSample>;

  constructor(capacity: number, lateCapacity = Math.max(1, Math.floor(capacity / 4))) {
    this.line = new RingBuffer(capacity);
    this.lateSamples = new RingBuffer(lateCapacity);
  }

  get size(): number {
    return this.line.size;
  }

  /** Adds one reading's value. Returns false when it was a duplicate of a held device time. */
  add(sample: SeriesSample, late: boolean): boolean {
    if (late) {
      this.lateSamples.push(sample);
      return true;
    }
    const last = this.line.last();
    if (!last || sample.t > last.t) {
      this.line.push(sample);
      return true;
    }
    if (sample.t === last.t) return false;
    // Out of order but not late (e.g. two streams racing): rare, so an O(n) sorted insert is fine.
    const items = this.line.toArray();
    if (items.some((s) => s.t === sample.t)) return false;
    items.push(sample);
    items.sort((a, b) => a.t - b.t);
    this.line.reset(items);
    return true;
  }

  /** Merges stored history (REST) under the live points: live values win on equal device time. */
  merge(history: readonly SeriesSample[]): void {
    const byTime = new Map<number, SeriesSample>();
    for (const s of history) byTime.set(s.t, s);
    for (const s of this.line.toArray()) byTime.set(s.t, s);
    this.line.reset([...byTime.values()].sort((a, b) => a.t - b.t));
  }

  points(): SeriesSample[] {
    return this.line.toArray();
  }

  latePoints(): SeriesSample[] {
    return this.lateSamples.toArray();
  }

  /** The newest in-time sample. */
  last(): SeriesSample | undefined {
    return this.line.last();
  }
}
