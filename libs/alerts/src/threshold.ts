import { ALERT_LEVELS, type AlertLevel, type LevelLimits } from '@tianyan/contracts';

/** A colour, or where a value below every colour stands: inside the hysteresis band, or past it. */
export type ThresholdJudgement = AlertLevel | 'hold' | 'clear';

/**
 * Colour limits with hysteresis: a value that no longer reaches the lowest colour clears only once it
 * is past the band (|lowest limit| × pct) beyond it, so a value hovering at a limit does not flap.
 */
export class Threshold {
  /** Limit of the lowest colour in use: where the condition starts. */
  readonly lowest: number;
  private readonly clearPast: number;
  /** The colours in use, lowest first, and their limits: `levelReached` without a keyed lookup per colour per reading. */
  private readonly levels: readonly AlertLevel[];
  private readonly levelLimits: readonly number[];

  constructor(
    readonly limits: LevelLimits,
    readonly direction: 'above' | 'below',
    hysteresisPct: number,
  ) {
    const first = ALERT_LEVELS.find((level) => limits[level] !== undefined);
    if (first === undefined) throw new Error('a threshold needs at least one colour limit');
    this.lowest = limits[first]!;
    const band = (Math.abs(this.lowest) * hysteresisPct) / 100;
    this.clearPast = direction === 'above' ? this.lowest - band : this.lowest + band;
    this.levels = ALERT_LEVELS.filter((level) => limits[level] !== undefined);
    this.levelLimits = this.levels.map((level) => limits[level]!);
  }

  judge(value: number): ThresholdJudgement {
    const above = this.direction === 'above';
    let level: AlertLevel | null = null;
    for (let i = 0; i < this.levels.length; i++) {
      const limit = this.levelLimits[i]!;
      if (above ? value >= limit : value <= limit) level = this.levels[i]!;
    }
    if (level !== null) return level;
    return (this.direction === 'above' ? value < this.clearPast : value > this.clearPast) ? 'clear' : 'hold';
  }

  /** The limit a judgement refers to: the colour's own, or the lowest colour's for hold and clear. */
  limitOf(judgement: ThresholdJudgement): number {
    return judgement === 'hold' || judgement === 'clear' ? this.lowest : this.limits[judgement]!;
  }

  /** Higher = worse. */
  severity(value: number): number {
    return this.direction === 'above' ? value : -value;
  }
}
