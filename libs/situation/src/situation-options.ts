import type { PlumeBand } from '@tianyan/contracts';

/** Tuning of the situation picture; every field has a sensible default (see DEFAULT_SITUATION_OPTIONS). */
export interface SituationOptions {
  /** Sliding window by DEVICE time, s. */
  windowS: number;
  /** Grid cell, m; default chosen from the sample spread (20–50 m). */
  cellM?: number;
  /** Inverse-distance weighting power. */
  idwPower?: number;
  /** Beyond it from every sample a cell is "no data" (treated as 0), m. */
  searchRadiusM?: number;
  /**
   * With a known wind (incident met input), distances along the wind count 1/this as much as across
   * it in the interpolation (plumes are long and narrow); 1 = isotropic (default: on the simulator's
   * cross-plume transects a ratio of 3 doubled the area without raising the overlap with the truth).
   */
  windAnisotropy?: number;
  /**
   * Fit a Gaussian plume from the fire the drones see to each compound's readings (dispersion-fit.ts),
   * falling back to interpolation where the readings do not fit one; false: interpolate only.
   */
  dispersionFit?: boolean;
  /** Receptors downwind within this distance of the extent polygon are flagged, m. */
  downwindDistanceM: number;
  /** Thermal pixels at or above this temperature form the hot area, °C. */
  thermalThresholdC: number;
  /** Horizontal field of view of the thermal camera, degrees (the contract does not carry it). */
  thermalHfovDeg?: number;
  /** Per-CAS band thresholds overriding the defaults (ppm); bands with null are skipped. */
  bandOverrides?: Record<string, Partial<Record<PlumeBand, number | null>>>;
}

/** Options with every default filled in. */
export type ResolvedSituationOptions = Required<Omit<SituationOptions, 'cellM' | 'bandOverrides'>> & Pick<SituationOptions, 'cellM' | 'bandOverrides'>;

export const DEFAULT_SITUATION_OPTIONS: Omit<ResolvedSituationOptions, 'cellM' | 'bandOverrides'> = {
  /**
   * 5 min: about one pass of a plume-mapping UAV (≈ 5.5 min in the simulated plant fire). Longer did
   * not map better even with the samples turned with the wind (median IoU 0.45 at 450 s as at 300 s),
   * and costs more per recompute.
   */
  windowS: 300,
  idwPower: 2,
  /**
   * A reading speaks for 150 m around it: enough to bridge the 250 m between a mapping UAV's transects,
   * and with the samples turned to the current plume axis (transport-samples.ts) a wider reach only
   * bled the 100–200 m wide plume sideways (full-plume IoU median 0.45 at 150 m, 0.43 at 200, 0.35 at
   * 400 in situation-ground-truth.spec.ts).
   */
  searchRadiusM: 150,
  windAnisotropy: 1,
  dispersionFit: true,
  downwindDistanceM: 2000,
  thermalThresholdC: 60,
  /**
   * Horizontal field of view of a 640×512, 13.5 mm radiometric core (H20T class), as the simulator
   * renders it. The thermal alert rule's 40.6° default is that lens's diagonal field of view.
   */
  thermalHfovDeg: 32,
};
