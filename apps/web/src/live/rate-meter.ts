/**
 * Events per second over a sliding window of whole seconds (the current, partial second is left
 * out so the figure does not sag at the start of each second).
 */
export class RateMeter {
  private readonly buckets: number[];
  private bucketSecond = -1;
  private totalCount = 0;

  constructor(private readonly windowSeconds = 5) {
    this.buckets = new Array<number>(windowSeconds + 1).fill(0);
  }

  get total(): number {
    return this.totalCount;
  }

  add(count: number, now: number): void {
    this.advance(now);
    this.buckets[this.bucketSecond % this.buckets.length]! += count;
    this.totalCount += count;
  }

  perSecond(now: number): number {
    this.advance(now);
    let sum = 0;
    for (let s = this.bucketSecond - this.windowSeconds; s < this.bucketSecond; s++) {
      if (s >= 0) sum += this.buckets[s % this.buckets.length]!;
    }
    return sum / this.windowSeconds;
  }

  private advance(now: number): void {
    const second = Math.floor(now / 1000);
    if (this.bucketSecond < 0) {
      this.bucketSecond = second;
      return;
    }
    if (second <= this.bucketSecond) return;
    const steps = Math.min(second - this.bucketSecond, this.buckets.length);
    for (let i = 1; i <= steps; i++) this.buckets[(this.bucketSecond + i) % this.buckets.length] = 0;
    this.bucketSecond = second;
  }
}
