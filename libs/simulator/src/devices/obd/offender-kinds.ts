/** Ways a diesel truck fails a roadside check (GB 3847-2018; domain.md §2.3–2.4). */
export const OFFENDER_KINDS = ['dpf-removed', 'scr-disabled', 'urea-diluted', 'mil-dtc', 'obd-comm-failure', 'not-ready'] as const;
export type OffenderKind = (typeof OFFENDER_KINDS)[number];

export interface OffenderConfig {
  /** Share of trucks that are offenders, 0…1. */
  share: number;
  /** Relative weight of each kind among offenders (missing kinds weigh 0; omitted = all equal). */
  mix?: Partial<Record<OffenderKind, number>>;
}

export const DEFAULT_OFFENDERS: OffenderConfig = { share: 0.2 };
