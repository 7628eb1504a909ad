import type { Stream } from './topic';

/**
 * Numeric fields a series can be drawn for, per stream. Gas and compound series are named by CAS:
 * `gas:7783-06-4` (survey sensor value, ppm) and `compound:71-43-2` (GC-MS identification, ppm).
 */
export const SERIES_FIELDS: Readonly<Record<Stream, readonly string[]>> = {
  'drone/telemetry': ['lat', 'lon', 'altM', 'relAltM', 'headingDeg', 'groundSpeedMs', 'vertSpeedMs', 'batteryPct', 'gimbalPitchDeg', 'satellites'],
  'drone/thermal': ['tMinC', 'tMaxC', 'tMeanC', 'hotspotTempC'],
  'drone/status': ['batteryPct'],
  'ms/survey': ['lat', 'lon', 'tic'],
  'ms/identification': [],
  'ms/status': ['batteryPct'],
  'obd/inspection': ['noxPpm', 'ureaPct', 'opacityMeanKM1'],
  'obd/status': ['batteryPct'],
};

export const GAS_FIELD_PREFIX = 'gas:';
export const COMPOUND_FIELD_PREFIX = 'compound:';

export type SeriesField =
  | { kind: 'column'; name: string }
  | { kind: 'gas'; cas: string }
  | { kind: 'compound'; cas: string };

/** Resolves a series field name for a stream, or explains why it cannot be drawn. */
export function resolveSeriesField(stream: Stream, field: string): SeriesField | string {
  if (stream === 'ms/survey' && field.startsWith(GAS_FIELD_PREFIX)) {
    return { kind: 'gas', cas: field.slice(GAS_FIELD_PREFIX.length) };
  }
  if (stream === 'ms/identification' && field.startsWith(COMPOUND_FIELD_PREFIX)) {
    return { kind: 'compound', cas: field.slice(COMPOUND_FIELD_PREFIX.length) };
  }
  if (SERIES_FIELDS[stream].includes(field)) return { kind: 'column', name: field };
  const dynamic = stream === 'ms/survey' ? ` or ${GAS_FIELD_PREFIX}<cas>` : stream === 'ms/identification' ? ` or ${COMPOUND_FIELD_PREFIX}<cas>` : '';
  return `unknown field "${field}" for ${stream}; expected one of ${SERIES_FIELDS[stream].join(', ') || '(none)'}${dynamic}`;
}
