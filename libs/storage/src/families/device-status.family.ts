import type { DeviceReading, DeviceStatusPayload } from '@tianyan/contracts';
import { COMMON_ALIASES, COMMON_COLUMNS, COMMON_UNNEST, COMMON_VALUES, commonParams, withOptional, type ReadingFamily, type Row } from './reading-family';

/** Status of every kind shares one table; `kind` says whose. */
export const deviceStatusFamily: ReadingFamily = {
  table: 'device_status',
  streams: ['drone/status', 'ms/status', 'obd/status'],
  insertSql: `
    INSERT INTO device_status (${COMMON_COLUMNS}, kind, state, battery_pct, firmware, note)
    SELECT ${COMMON_VALUES}, u.kind, u.state, u.bat, u.fw, u.note
    FROM unnest(${COMMON_UNNEST}, $9::text[], $10::text[], $11::float8[], $12::text[], $13::text[])
      AS u(${COMMON_ALIASES}, kind, state, bat, fw, note)
    ON CONFLICT (device_id, time, seq) DO NOTHING`,
  toParams(r: DeviceReading) {
    const d = r.data as DeviceStatusPayload;
    return [...commonParams(r), r.kind, d.state, d.batteryPct, d.firmware, d.note];
  },
  selectColumns: 'kind, state, battery_pct, firmware, note',
  toData: (row: Row) => withOptional({ state: row.state }, { batteryPct: row.battery_pct, firmware: row.firmware, note: row.note }),
  series: { batteryPct: 'battery_pct' },
};
