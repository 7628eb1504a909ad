/**
 * Four warning colours, lowest first (domain.md §5.2): blue < yellow < orange < red, matching the
 * incident levels IV < III < II < I. A level never drops without a person's explicit action.
 */
export const ALERT_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export const INCIDENT_LEVEL_BY_ALERT_LEVEL = { blue: 'IV', yellow: 'III', orange: 'II', red: 'I' } as const satisfies Record<AlertLevel, string>;

export function isAlertLevel(value: unknown): value is AlertLevel {
  return typeof value === 'string' && (ALERT_LEVELS as readonly string[]).includes(value);
}

/** 1 (blue) … 4 (red). */
export function alertLevelRank(level: AlertLevel): number {
  return ALERT_LEVELS.indexOf(level) + 1;
}

export function higherAlertLevel(a: AlertLevel, b: AlertLevel): AlertLevel {
  return alertLevelRank(a) >= alertLevelRank(b) ? a : b;
}

/**
 * The colour limits of a threshold rule: the value at which each colour starts, in the rule's unit,
 * and the published limit each one uses. Colours a rule does not use are absent.
 */
export type LevelLimits = Partial<Record<AlertLevel, number>>;
export type LevelBasis = Partial<Record<AlertLevel, string>>;

/**
 * The highest colour a value reaches. `above`: value ≥ limit; `below`: value ≤ limit (battery).
 * Returns null when no colour is reached.
 */
export function levelReached(limits: LevelLimits, value: number, direction: 'above' | 'below' = 'above'): AlertLevel | null {
  let reached: AlertLevel | null = null;
  for (const level of ALERT_LEVELS) {
    const limit = limits[level];
    if (limit === undefined) continue;
    if (direction === 'above' ? value >= limit : value <= limit) reached = level;
  }
  return reached;
}
