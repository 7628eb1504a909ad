import type { DeviceReading, ObdInspectionPayload } from '@tianyan/contracts';
import { Float8ArrayValue } from '../float8-array-value';
import { COMMON_ALIASES, COMMON_COLUMNS, COMMON_UNNEST, COMMON_VALUES, commonParams, json, withOptional, type ReadingFamily, type Row } from './reading-family';

/**
 * `lane` may be a number or a name, so it is jsonb to keep its type. The opacity runs travel as a
 * Float8ArrayValue each: `unnest` takes its literal (it would flatten an array of arrays), binary COPY
 * its numbers.
 */
export const obdInspectionFamily: ReadingFamily = {
  table: 'obd_inspection',
  streams: ['obd/inspection'],
  insertSql: `
    INSERT INTO obd_inspection (${COMMON_COLUMNS}, lat, lon, lane, vin, plate, obd, opacity_k_m1, nox_ppm, urea_pct, ambient)
    SELECT ${COMMON_VALUES}, u.lat, u.lon, u.lane, u.vin, u.plate, u.obd, u.opacity::float8[], u.nox, u.urea, u.ambient
    FROM unnest(${COMMON_UNNEST}, $9::float8[], $10::float8[], $11::jsonb[], $12::text[], $13::text[], $14::jsonb[],
      $15::text[], $16::float8[], $17::float8[], $18::jsonb[])
      AS u(${COMMON_ALIASES}, lat, lon, lane, vin, plate, obd, opacity, nox, urea, ambient)
    ON CONFLICT (device_id, time, seq) DO NOTHING`,
  toParams(r: DeviceReading) {
    const d = r.data as ObdInspectionPayload;
    return [
      ...commonParams(r), d.lat, d.lon, json(d.lane), d.vin, d.plate, json(d.obd),
      new Float8ArrayValue(d.opacity.kM1), d.noxPpm, d.ureaPct, json(d.ambient),
    ];
  },
  selectColumns: 'lat, lon, lane, vin, plate, obd, opacity_k_m1, nox_ppm, urea_pct, ambient',
  toData: (row: Row) =>
    withOptional(
      { lat: row.lat, lon: row.lon, vin: row.vin, plate: row.plate, obd: row.obd, opacity: { kM1: row.opacity_k_m1 } },
      { lane: row.lane, noxPpm: row.nox_ppm, ureaPct: row.urea_pct, ambient: row.ambient },
    ),
  series: {
    noxPpm: 'nox_ppm',
    ureaPct: 'urea_pct',
    opacityMeanKM1: '(SELECT avg(k) FROM unnest(opacity_k_m1) AS k)',
  },
};
