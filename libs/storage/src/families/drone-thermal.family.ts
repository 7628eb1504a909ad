import type { DeviceReading, DroneThermalPayload } from '@tianyan/contracts';
import { COMMON_ALIASES, COMMON_COLUMNS, COMMON_UNNEST, COMMON_VALUES, commonParams, type ReadingFamily, type Row } from './reading-family';

/**
 * The optional frame is stored as bytea (uint16 LE values) but travels as base64 text and is decoded
 * in SQL: pg would send a bytea array element as hex, twice the size, eating the statement budget.
 */
export const droneThermalFamily: ReadingFamily = {
  table: 'drone_thermal',
  streams: ['drone/thermal'],
  insertSql: `
    INSERT INTO drone_thermal (${COMMON_COLUMNS}, lat, lon, rel_alt_m, gain_mode, t_min_c, t_max_c, t_mean_c,
      hotspot_x, hotspot_y, hotspot_lat, hotspot_lon, hotspot_temp_c, frame_w, frame_h, frame_scale_c, frame_offset_c, frame_data)
    SELECT ${COMMON_VALUES}, u.lat, u.lon, u.rel, u.gain, u.tmin, u.tmax, u.tmean,
      u.hx, u.hy, u.hlat, u.hlon, u.ht, u.fw, u.fh, u.fs, u.fo, decode(u.fd, 'base64')
    FROM unnest(${COMMON_UNNEST}, $9::float8[], $10::float8[], $11::float8[], $12::text[], $13::float8[], $14::float8[],
      $15::float8[], $16::int4[], $17::int4[], $18::float8[], $19::float8[], $20::float8[], $21::int2[], $22::int2[],
      $23::float8[], $24::float8[], $25::text[])
      AS u(${COMMON_ALIASES}, lat, lon, rel, gain, tmin, tmax, tmean, hx, hy, hlat, hlon, ht, fw, fh, fs, fo, fd)
    ON CONFLICT (device_id, time, seq) DO NOTHING`,
  toParams(r: DeviceReading) {
    const d = r.data as DroneThermalPayload;
    const h = d.hotspot;
    const f = d.frame;
    return [
      ...commonParams(r), d.lat, d.lon, d.relAltM, d.gainMode, d.tMinC, d.tMaxC, d.tMeanC,
      h.x, h.y, h.lat, h.lon, h.tempC, f?.w, f?.h, f?.scaleC, f?.offsetC, f?.data,
    ];
  },
  selectColumns: `lat, lon, rel_alt_m, gain_mode, t_min_c, t_max_c, t_mean_c, hotspot_x, hotspot_y, hotspot_lat,
    hotspot_lon, hotspot_temp_c, frame_w, frame_h, frame_scale_c, frame_offset_c, frame_data`,
  toData(row: Row) {
    const data: Record<string, unknown> = {
      lat: row.lat, lon: row.lon, relAltM: row.rel_alt_m, gainMode: row.gain_mode,
      tMinC: row.t_min_c, tMaxC: row.t_max_c, tMeanC: row.t_mean_c,
      hotspot: { x: row.hotspot_x, y: row.hotspot_y, lat: row.hotspot_lat, lon: row.hotspot_lon, tempC: row.hotspot_temp_c },
    };
    if (row.frame_data !== null) {
      const frameData = (row.frame_data as Buffer).toString('base64');
      data.frame = { w: row.frame_w, h: row.frame_h, scaleC: row.frame_scale_c, offsetC: row.frame_offset_c, data: frameData };
    }
    return data;
  },
  series: { tMinC: 't_min_c', tMaxC: 't_max_c', tMeanC: 't_mean_c', hotspotTempC: 'hotspot_temp_c' },
};
