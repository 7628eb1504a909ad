import type { MigrationInterface, QueryRunner } from 'typeorm';

const COMMON = `
  time timestamptz NOT NULL,          -- device time
  device_id text NOT NULL,
  seq bigint NOT NULL,
  received_at timestamptz NOT NULL,   -- server time
  late boolean NOT NULL DEFAULT false,
  drill boolean NOT NULL DEFAULT false,
  quality char(1) NOT NULL DEFAULT 'N',
  extra jsonb`;

/**
 * Reading families: one wide table each. `chunk` and the policies apply only with TimescaleDB: thermal
 * rows are large and short-lived; measurements are evidence after an incident and kept for years.
 */
const FAMILIES = [
  {
    table: 'drone_telemetry', chunk: '1 day', compressAfter: '7 days', retain: '365 days',
    columns: `lat float8 NOT NULL, lon float8 NOT NULL, alt_m float8 NOT NULL, rel_alt_m float8 NOT NULL,
      heading_deg float8 NOT NULL, ground_speed_ms float8 NOT NULL, vert_speed_ms float8 NOT NULL,
      battery_pct float8 NOT NULL, gimbal_pitch_deg float8, gimbal_yaw_deg float8, satellites smallint,
      fix_type smallint, mode text NOT NULL`,
  },
  {
    table: 'drone_thermal', chunk: '1 day', compressAfter: '2 days', retain: '90 days',
    columns: `lat float8 NOT NULL, lon float8 NOT NULL, rel_alt_m float8 NOT NULL, gain_mode text NOT NULL,
      t_min_c float8 NOT NULL, t_max_c float8 NOT NULL, t_mean_c float8 NOT NULL,
      hotspot_x integer NOT NULL, hotspot_y integer NOT NULL, hotspot_lat float8 NOT NULL, hotspot_lon float8 NOT NULL,
      hotspot_temp_c float8 NOT NULL, frame_w smallint, frame_h smallint, frame_scale_c float8, frame_offset_c float8,
      frame_data bytea`,
  },
  {
    table: 'ms_survey', chunk: '1 day', compressAfter: '7 days', retain: '1095 days',
    columns: `lat float8 NOT NULL, lon float8 NOT NULL, tic float8 NOT NULL, gases jsonb NOT NULL`,
  },
  {
    table: 'ms_identification', chunk: '30 days', compressAfter: '30 days', retain: '1095 days',
    columns: `lat float8 NOT NULL, lon float8 NOT NULL, run_id text NOT NULL, compounds jsonb NOT NULL`,
  },
  {
    table: 'obd_inspection', chunk: '30 days', compressAfter: '30 days', retain: '1095 days',
    columns: `lat float8 NOT NULL, lon float8 NOT NULL, lane jsonb, vin text NOT NULL, plate text NOT NULL,
      obd jsonb NOT NULL, opacity_k_m1 float8[] NOT NULL, nox_ppm float8, urea_pct float8, ambient jsonb`,
  },
  {
    table: 'device_status', chunk: '30 days', compressAfter: '30 days', retain: '365 days',
    columns: `kind text NOT NULL, state text NOT NULL, battery_pct float8, firmware text, note text`,
  },
] as const;

/**
 * One migration path for both databases, feature-detected (ADR 0002): hypertables with compression
 * and retention when TimescaleDB is available, plain tables with b-tree and BRIN indexes otherwise.
 * The unique key includes `time` because a hypertable's unique keys must contain its partition column;
 * a redelivered reading (same device, seq and device time) is skipped by `ON CONFLICT DO NOTHING`.
 */
export class InitialSchema1767225600000 implements MigrationInterface {
  name = 'InitialSchema1767225600000';

  async up(runner: QueryRunner): Promise<void> {
    const [{ available }] = (await runner.query(
      `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') AS available`,
    )) as [{ available: boolean }];
    if (available) await runner.query('CREATE EXTENSION IF NOT EXISTS timescaledb');

    await runner.query(`
      CREATE TABLE devices (
        id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('drone', 'ms', 'obd')),
        first_seen timestamptz NOT NULL DEFAULT now(),
        last_seen timestamptz,            -- newest device time stored
        last_received_at timestamptz,
        state text,                       -- last reported status
        state_at timestamptz,
        battery_pct float8,
        firmware text,
        auto_provisioned boolean NOT NULL DEFAULT false,
        enabled boolean NOT NULL DEFAULT true
      )`);
    await runner.query(`
      CREATE TABLE quarantine (
        id bigserial PRIMARY KEY,
        received_at timestamptz NOT NULL,
        topic text NOT NULL,
        device_id text,
        kind text,
        channel text,
        reason text NOT NULL,
        payload bytea NOT NULL,           -- at most 32 KiB, so one row fits the embedded message limit
        payload_bytes integer NOT NULL,   -- size as received
        truncated boolean NOT NULL DEFAULT false
      )`);
    await runner.query('CREATE INDEX quarantine_received_idx ON quarantine (received_at DESC, id DESC)');
    await runner.query('CREATE INDEX quarantine_device_idx ON quarantine (device_id, received_at DESC, id DESC)');

    for (const f of FAMILIES) {
      // The key, ordered (device_id, time, seq), is also the index for "device X between T1 and T2" and
      // "newest of device X": one b-tree per table keeps batch inserts fast (PGlite runs them in WASM).
      await runner.query(`CREATE TABLE ${f.table} (${COMMON}, ${f.columns}, CONSTRAINT ${f.table}_key UNIQUE (device_id, time, seq))`);
      if (available) {
        // No default (time DESC) index: chunks are found by their time constraints, reads always name devices.
        await runner.query(
          `SELECT create_hypertable('${f.table}', 'time', chunk_time_interval => INTERVAL '${f.chunk}', create_default_indexes => false)`,
        );
        await runner.query(
          `ALTER TABLE ${f.table} SET (timescaledb.compress, timescaledb.compress_segmentby = 'device_id', timescaledb.compress_orderby = 'time DESC, seq DESC')`,
        );
        await runner.query(`SELECT add_compression_policy('${f.table}', INTERVAL '${f.compressAfter}')`);
        await runner.query(`SELECT add_retention_policy('${f.table}', INTERVAL '${f.retain}')`);
      } else {
        await runner.query(`CREATE INDEX ${f.table}_time_brin ON ${f.table} USING brin (time)`);
      }
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    // Dropping a hypertable also removes its chunks and policy jobs. The extension stays: other
    // objects may use it, and re-creating it in a running PGlite backend is not supported.
    for (const f of [...FAMILIES].reverse()) await runner.query(`DROP TABLE IF EXISTS ${f.table}`);
    await runner.query('DROP TABLE IF EXISTS quarantine');
    await runner.query('DROP TABLE IF EXISTS devices');
  }
}
