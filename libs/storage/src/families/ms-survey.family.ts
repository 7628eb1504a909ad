import type { DeviceReading, MsSurveyPayload } from '@tianyan/contracts';
import { COMMON_ALIASES, COMMON_COLUMNS, COMMON_UNNEST, COMMON_VALUES, commonParams, json, type ReadingFamily, type Row } from './reading-family';

/** Gases stay one jsonb array per reading (≤ 32 entries); series pick the entry by CAS. */
export const msSurveyFamily: ReadingFamily = {
  table: 'ms_survey',
  streams: ['ms/survey'],
  insertSql: `
    INSERT INTO ms_survey (${COMMON_COLUMNS}, lat, lon, tic, gases)
    SELECT ${COMMON_VALUES}, u.lat, u.lon, u.tic, u.gases
    FROM unnest(${COMMON_UNNEST}, $9::float8[], $10::float8[], $11::float8[], $12::jsonb[])
      AS u(${COMMON_ALIASES}, lat, lon, tic, gases)
    ON CONFLICT (device_id, time, seq) DO NOTHING`,
  toParams(r: DeviceReading) {
    const d = r.data as MsSurveyPayload;
    return [...commonParams(r), d.lat, d.lon, d.tic, json(d.gases)];
  },
  selectColumns: 'lat, lon, tic, gases',
  toData: (row: Row) => ({ lat: row.lat, lon: row.lon, tic: row.tic, gases: row.gases }),
  series: { lat: 'lat', lon: 'lon', tic: 'tic' },
  casSeries: `(SELECT (g->>'ppm')::float8 FROM jsonb_array_elements(gases) AS g WHERE g->>'cas' = $5 LIMIT 1)`,
};
