import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One rollup per reading table: prefix → expression over a raw row (the family's `series` SQL). The
 * OBD opacity mean (a subquery over an array) and per-CAS jsonb values cannot be aggregated by a
 * continuous aggregate and stay on raw rows. `retain` matches the raw table's retention policy so a
 * zoomed-out chart never shows data the zoomed-in one has lost.
 */
const ROLLUPS = [
  {
    table: 'drone_telemetry', groupBy: 'device_id', retain: '365 days',
    columns: {
      lat: 'lat', lon: 'lon', alt_m: 'alt_m', rel_alt_m: 'rel_alt_m', heading_deg: 'heading_deg', ground_speed_ms: 'ground_speed_ms',
      vert_speed_ms: 'vert_speed_ms', battery_pct: 'battery_pct', gimbal_pitch_deg: 'gimbal_pitch_deg', satellites: 'satellites::float8',
    },
  },
  { table: 'drone_thermal', groupBy: 'device_id', retain: '90 days', columns: { t_min_c: 't_min_c', t_max_c: 't_max_c', t_mean_c: 't_mean_c', hotspot_temp_c: 'hotspot_temp_c' } },
  { table: 'ms_survey', groupBy: 'device_id', retain: '1095 days', columns: { lat: 'lat', lon: 'lon', tic: 'tic' } },
  { table: 'obd_inspection', groupBy: 'device_id', retain: '1095 days', columns: { nox_ppm: 'nox_ppm', urea_pct: 'urea_pct' } },
  { table: 'device_status', groupBy: 'device_id, kind', retain: '365 days', columns: { battery_pct: 'battery_pct' } },
] as const;

/**
 * Continuous aggregates at 1 minute (TimescaleDB only; plain PostgreSQL keeps bucketing raw rows):
 * sum, count, min and max per column, so any coarser bucket recombines exactly (avg = Σsum / Σcount).
 * Real-time aggregation covers the minutes after the last refresh. The refresh window has no start
 * so late readings of any age (store-and-forward, incident archive imports) are folded in; only
 * invalidated minutes are recomputed, so the open window costs nothing when no late data arrived.
 * Not in a transaction: the initial refresh of existing history cannot run inside one.
 */
export class SeriesRollups1767700000000 implements MigrationInterface {
  name = 'SeriesRollups1767700000000';
  transaction = false;

  async up(runner: QueryRunner): Promise<void> {
    if (!(await hasTimescale(runner))) return;
    for (const r of ROLLUPS) {
      const view = `${r.table}_1m`;
      const aggregates = Object.entries(r.columns)
        .map(([p, e]) => `sum(${e}) AS ${p}_sum, count(${e}) AS ${p}_count, min(${e}) AS ${p}_min, max(${e}) AS ${p}_max`)
        .join(',\n');
      await runner.query(`
        CREATE MATERIALIZED VIEW ${view} WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
        SELECT time_bucket(INTERVAL '1 minute', time) AS bucket, ${r.groupBy}, ${aggregates}
        FROM ${r.table} GROUP BY bucket, ${r.groupBy} WITH NO DATA`);
      // Everything already stored: the policy's window would never reach older history.
      await runner.query(`CALL refresh_continuous_aggregate('${view}', NULL, date_trunc('minute', now()) - INTERVAL '1 minute')`);
      await runner.query(
        `SELECT add_continuous_aggregate_policy('${view}', start_offset => NULL, end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '1 minute')`,
      );
      await runner.query(`SELECT add_retention_policy('${view}', INTERVAL '${r.retain}')`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    if (!(await hasTimescale(runner))) return;
    // Dropping the view also removes its materialization hypertable and policy jobs.
    for (const r of [...ROLLUPS].reverse()) await runner.query(`DROP MATERIALIZED VIEW IF EXISTS ${r.table}_1m`);
  }
}

async function hasTimescale(runner: QueryRunner): Promise<boolean> {
  const rows = (await runner.query(`SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'`)) as unknown[];
  return rows.length > 0;
}
