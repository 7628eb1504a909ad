import type { DeviceReading, DroneTelemetryPayload } from '@tianyan/contracts';
import { COMMON_ALIASES, COMMON_COLUMNS, COMMON_UNNEST, COMMON_VALUES, commonParams, withOptional, type ReadingFamily, type Row } from './reading-family';

export const droneTelemetryFamily: ReadingFamily = {
  table: 'drone_telemetry',
  streams: ['drone/telemetry'],
  insertSql: `
    INSERT INTO drone_telemetry (${COMMON_COLUMNS}, lat, lon, alt_m, rel_alt_m, heading_deg, ground_speed_ms,
      vert_speed_ms, battery_pct, gimbal_pitch_deg, gimbal_yaw_deg, satellites, fix_type, mode)
    SELECT ${COMMON_VALUES}, u.lat, u.lon, u.alt, u.rel, u.hdg, u.gs, u.vs, u.bat, u.gp, u.gy, u.sat, u.fix, u.mode
    FROM unnest(${COMMON_UNNEST}, $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::float8[],
      $14::float8[], $15::float8[], $16::float8[], $17::float8[], $18::float8[], $19::int2[], $20::int2[], $21::text[])
      AS u(${COMMON_ALIASES}, lat, lon, alt, rel, hdg, gs, vs, bat, gp, gy, sat, fix, mode)
    ON CONFLICT (device_id, time, seq) DO NOTHING`,
  toParams(r: DeviceReading) {
    const d = r.data as DroneTelemetryPayload;
    return [
      ...commonParams(r), d.lat, d.lon, d.altM, d.relAltM, d.headingDeg, d.groundSpeedMs, d.vertSpeedMs, d.batteryPct,
      d.gimbalPitchDeg, d.gimbalYawDeg, d.satellites, d.fixType, d.mode,
    ];
  },
  selectColumns: `lat, lon, alt_m, rel_alt_m, heading_deg, ground_speed_ms, vert_speed_ms, battery_pct,
    gimbal_pitch_deg, gimbal_yaw_deg, satellites, fix_type, mode`,
  toData: (row: Row) =>
    withOptional(
      {
        lat: row.lat, lon: row.lon, altM: row.alt_m, relAltM: row.rel_alt_m, headingDeg: row.heading_deg,
        groundSpeedMs: row.ground_speed_ms, vertSpeedMs: row.vert_speed_ms, batteryPct: row.battery_pct, mode: row.mode,
      },
      { gimbalPitchDeg: row.gimbal_pitch_deg, gimbalYawDeg: row.gimbal_yaw_deg, satellites: row.satellites, fixType: row.fix_type },
    ),
  series: {
    lat: 'lat', lon: 'lon', altM: 'alt_m', relAltM: 'rel_alt_m', headingDeg: 'heading_deg', groundSpeedMs: 'ground_speed_ms',
    vertSpeedMs: 'vert_speed_ms', batteryPct: 'battery_pct', gimbalPitchDeg: 'gimbal_pitch_deg', satellites: 'satellites::float8',
  },
};
