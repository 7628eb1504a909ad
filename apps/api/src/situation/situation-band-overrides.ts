import type { SituationOptions } from '@tianyan/situation';

/**
 * Per-compound plume band thresholds (ppm) replacing the exposure-limit defaults, e.g. to contour
 * the extent at a site's own action level. Empty by default; a test or a deployment provides it.
 */
export const SITUATION_BAND_OVERRIDES = Symbol('SITUATION_BAND_OVERRIDES');
export type SituationBandOverrides = NonNullable<SituationOptions['bandOverrides']>;
