import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FleetHealthEntry } from '@tianyan/contracts';

/** Window of the late-reading counts. */
export const LATE_WINDOW_HOURS = 24;

/**
 * One statement. Quarantine is grouped through its (device_id, received_at) index; late rows are
 * counted per reading table over the window only (`time` bounds the chunks read, `late` filters),
 * so the cost grows with one day of data, not with the archive.
 */
const FLEET_HEALTH = `
  WITH q AS (
    SELECT device_id, count(*)::int AS quarantined, max(received_at) AS last_at
    FROM quarantine WHERE device_id IS NOT NULL GROUP BY device_id
  ), l AS (
    SELECT device_id, count(*)::int AS late FROM (
      SELECT device_id FROM drone_telemetry WHERE time >= now() - make_interval(hours => $1) AND late
      UNION ALL SELECT device_id FROM drone_thermal WHERE time >= now() - make_interval(hours => $1) AND late
      UNION ALL SELECT device_id FROM ms_survey WHERE time >= now() - make_interval(hours => $1) AND late
      UNION ALL SELECT device_id FROM ms_identification WHERE time >= now() - make_interval(hours => $1) AND late
      UNION ALL SELECT device_id FROM obd_inspection WHERE time >= now() - make_interval(hours => $1) AND late
      UNION ALL SELECT device_id FROM device_status WHERE time >= now() - make_interval(hours => $1) AND late
    ) late_rows GROUP BY device_id
  ), ids AS (
    SELECT id AS device_id FROM devices UNION SELECT device_id FROM q
  )
  SELECT ids.device_id, COALESCE(q.quarantined, 0) AS quarantined, COALESCE(l.late, 0) AS late_readings, q.last_at
  FROM ids LEFT JOIN q USING (device_id) LEFT JOIN l USING (device_id)
  ORDER BY ids.device_id`;

@Injectable()
export class FleetHealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<FleetHealthEntry[]> {
    const rows = (await this.dataSource.query(FLEET_HEALTH, [LATE_WINDOW_HOURS])) as {
      device_id: string;
      quarantined: number;
      late_readings: number;
      last_at: Date | null;
    }[];
    return rows.map((r) => ({
      deviceId: r.device_id,
      quarantined: Number(r.quarantined),
      lateReadings: Number(r.late_readings),
      lastQuarantinedAt: r.last_at ? new Date(r.last_at).toISOString() : null,
    }));
  }
}
