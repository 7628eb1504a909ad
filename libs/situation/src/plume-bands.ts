import { DEFAULT_EXPOSURE_LEVELS, type AlertLevel, type PlumeBand } from '@tianyan/contracts';

export interface PlumeBandSpec {
  band: PlumeBand;
  level: AlertLevel;
  thresholdPpm: number;
  basis: string;
}

/** Each band takes the colour of the alert a reading at its threshold raises (exposure-levels.ts). */
const LEVEL_BY_BAND: Readonly<Record<PlumeBand, AlertLevel>> = { extent: 'blue', aegl1: 'yellow', aegl2: 'orange', aegl3: 'red' };

/**
 * Bands a compound's plume is contoured at, lowest first. Defaults are the alert colour limits of
 * exposure-levels.ts (fixed from the top down, so the bands rise with concentration and equal the
 * alert colours): extent = blue (OEL), aegl1 = yellow, aegl2 = orange, aegl3 = red (AEGL-3 or IDLH).
 * A band that has no range of its own (it starts with the next one) is dropped. An override replaces
 * a band's threshold; null removes it. Compounds without published thresholds get only overridden bands.
 */
export function plumeBandsFor(cas: string, overrides?: Partial<Record<PlumeBand, number | null>>): PlumeBandSpec[] {
  const defaults = DEFAULT_EXPOSURE_LEVELS.get(cas);
  const bands: PlumeBandSpec[] = [];
  for (const band of ['extent', 'aegl1', 'aegl2', 'aegl3'] as const) {
    const level = LEVEL_BY_BAND[band];
    const override = overrides?.[band];
    if (override === null) continue;
    if (override !== undefined) {
      if (Number.isFinite(override) && override > 0) bands.push({ band, level, thresholdPpm: override, basis: `configured ${fmt(override)}` });
      continue;
    }
    const ppm = defaults?.ppm[level];
    if (ppm === undefined) continue;
    bands.push({ band, level, thresholdPpm: ppm, basis: defaults!.basis[level] ?? '' });
  }
  // Top down, as the alert colours: a band whose threshold is not below the next higher band's has no
  // range of its own (it starts with that band) and is dropped, so the kept bands rise with concentration.
  const kept: PlumeBandSpec[] = [];
  for (let i = bands.length - 1; i >= 0; i--) {
    const b = bands[i]!;
    const above = kept[0];
    if (!above || b.thresholdPpm < above.thresholdPpm) kept.unshift(b);
  }
  return kept;
}

function fmt(ppm: number): string {
  return `${Number(ppm.toPrecision(3))} ppm`;
}
