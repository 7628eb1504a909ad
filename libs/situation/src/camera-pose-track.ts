/** A thermal frame is georeferenced with the same drone's telemetry at most this far away in time. */
const POSE_MAX_GAP_MS = 5000;

/**
 * One drone's camera poses (look direction, gimbal pitch) in device-time order, as three float64
 * columns: 24 B a telemetry reading where a pose object in an array costs ~100 B.
 */
export class CameraPoseTrack {
  private size = 0;
  private times = new Float64Array(64);
  private yaws = new Float64Array(64);
  private pitches = new Float64Array(64);

  get length(): number {
    return this.size;
  }

  /** Placed by device time (late telemetry goes back); after any pose of the same time. */
  add(time: number, yawDeg: number, pitchDeg: number): void {
    if (this.size === this.times.length) this.resize(2 * this.size);
    let i = this.size;
    while (i > 0 && this.times[i - 1]! > time) i--;
    if (i < this.size) {
      this.times.copyWithin(i + 1, i, this.size);
      this.yaws.copyWithin(i + 1, i, this.size);
      this.pitches.copyWithin(i + 1, i, this.size);
    }
    this.times[i] = time;
    this.yaws[i] = yawDeg;
    this.pitches[i] = pitchDeg;
    this.size++;
  }

  /** The pose nearest `time` within POSE_MAX_GAP_MS (the earlier on a tie), or null. */
  at(time: number): { yawDeg: number; pitchDeg: number } | null {
    if (this.size === 0) return null;
    let lo = 0;
    let hi = this.size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! < time) lo = mid + 1;
      else hi = mid;
    }
    let best = -1;
    for (const k of [lo - 1, lo]) {
      if (k < 0) continue;
      const gap = Math.abs(this.times[k]! - time);
      if (gap <= POSE_MAX_GAP_MS && (best < 0 || gap < Math.abs(this.times[best]! - time))) best = k;
    }
    return best < 0 ? null : { yawDeg: this.yaws[best]!, pitchDeg: this.pitches[best]! };
  }

  /** Drops the poses older than `keepFrom`. */
  dropBefore(keepFrom: number): void {
    let kept = 0;
    for (let k = 0; k < this.size; k++) {
      if (!(this.times[k]! >= keepFrom)) continue;
      this.times[kept] = this.times[k]!;
      this.yaws[kept] = this.yaws[k]!;
      this.pitches[kept] = this.pitches[k]!;
      kept++;
    }
    this.size = kept;
    if (this.times.length > 64 && kept < this.times.length / 4) this.resize(Math.max(64, 2 * kept));
  }

  private resize(capacity: number): void {
    const moved = (a: Float64Array) => {
      const b = new Float64Array(capacity);
      b.set(a.subarray(0, this.size));
      return b;
    };
    this.times = moved(this.times);
    this.yaws = moved(this.yaws);
    this.pitches = moved(this.pitches);
  }
}
