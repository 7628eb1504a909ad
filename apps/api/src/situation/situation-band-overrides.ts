import type { TianyanConfig } from '@tianyan/config';
import { SituationAnalyzer, type SituationOptions } from '@tianyan/situation';

/**
 * Per-compound plume band thresholds (ppm) replacing the exposure-limit defaults, e.g. to contour
 * the extent at a site's own action level. Empty by default; a test or a deployment provides it.
 */
export const SITUATION_BAND_OVERRIDES = Symbol('SITUATION_BAND_OVERRIDES');
export type SituationBandOverrides = NonNullable<SituationOptions['bandOverrides']>;

/** The analyzer with the configured window, distances and bands: one place, so live and recomputed pictures agree. */
export function newSituationAnalyzer(situation: TianyanConfig['situation'], bandOverrides: SituationBandOverrides): SituationAnalyzer {
  return new SituationAnalyzer({ windowS: situation.windowS, downwindDistanceM: situation.downwindM, thermalThresholdC: situation.thermalThresholdC, dispersionFit: situation.dispersionFit, bandOverrides });
}
