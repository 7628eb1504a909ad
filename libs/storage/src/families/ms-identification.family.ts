import type { DeviceReading, MsIdentificationPayload } from '@tianyan/contracts';
import { COMMON_ALIASES, COMMON_COLUMNS, COMMON_UNNEST, COMMON_VALUES, commonParams, json, type ReadingFamily, type Row } from './reading-family';

export const msIdentificationFamily: ReadingFamily = {
  table: 'ms_identification',
  streams: ['ms/identification'],
  insertSql: `
    INSERT INTO ms_identification (${COMMON_COLUMNS}, lat, lon, run_id, compounds)
    SELECT ${COMMON_VALUES}, u.lat, u.lon, u.run, u.compounds
    FROM unnest(${COMMON_UNNEST}, $9::float8[], $10::float8[], $11::text[], $12::jsonb[])
      AS u(${COMMON_ALIASES}, lat, lon, run, compounds)
    ON CONFLICT (device_id, time, seq) DO NOTHING`,
  toParams(r: DeviceReading) {
    const d = r.data as MsIdentificationPayload;
    return [...commonParams(r), d.lat, d.lon, d.runId, json(d.compounds)];
  },
  selectColumns: 'lat, lon, run_id, compounds',
  toData: (row: Row) => ({ lat: row.lat, lon: row.lon, runId: row.run_id, compounds: row.compounds }),
  series: {},
  // A run may list a CAS twice (isomers share one): the larger concentration is the one that matters.
  casSeries: `(SELECT max((c->>'ppm')::float8) FROM jsonb_array_elements(compounds) AS c WHERE c->>'cas' = $5)`,
};
