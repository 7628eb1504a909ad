/**
 * The 1-minute rollups (continuous aggregates, migration 1767700000000) the series reader may use:
 * per reading table, the view and which series fields it holds, field → column prefix (the view has
 * `<prefix>_sum`, `_count`, `_min`, `_max`). Fields not listed (derived expressions, per-CAS values)
 * are read from raw rows. Kept beside the migration's literal SQL; the rollup int spec reads every
 * field listed here, so a name that drifts fails there.
 */
export interface SeriesRollup {
  readonly view: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** Rollup rows are 1 minute wide; a requested bucket must be a whole number of them. */
export const ROLLUP_BUCKET_MS = 60_000;

export const SERIES_ROLLUPS: Readonly<Record<string, SeriesRollup>> = {
  drone_telemetry: {
    view: 'drone_telemetry_1m',
    fields: {
      lat: 'lat', lon: 'lon', altM: 'alt_m', relAltM: 'rel_alt_m', headingDeg: 'heading_deg', groundSpeedMs: 'ground_speed_ms',
      vertSpeedMs: 'vert_speed_ms', batteryPct: 'battery_pct', gimbalPitchDeg: 'gimbal_pitch_deg', satellites: 'satellites',
    },
  },
  drone_thermal: { view: 'drone_thermal_1m', fields: { tMinC: 't_min_c', tMaxC: 't_max_c', tMeanC: 't_mean_c', hotspotTempC: 'hotspot_temp_c' } },
  ms_survey: { view: 'ms_survey_1m', fields: { lat: 'lat', lon: 'lon', tic: 'tic' } },
  obd_inspection: { view: 'obd_inspection_1m', fields: { noxPpm: 'nox_ppm', ureaPct: 'urea_pct' } },
  device_status: { view: 'device_status_1m', fields: { batteryPct: 'battery_pct' } },
};
