import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incidents and the devices deployed to them (DESIGN.md §6). Plain tables on both databases: a few
 * rows per incident. Seek ("last row of device X at or before T") needs no new reading index: each
 * reading table's unique key (device_id, time, seq) is scanned backwards for it.
 */
export class IncidentsAndDeployments1767600000000 implements MigrationInterface {
  name = 'IncidentsAndDeployments1767600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE incidents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        title text NOT NULL,
        level text NOT NULL CHECK (level IN ('I', 'II', 'III', 'IV')),
        drill boolean NOT NULL DEFAULT false,
        area jsonb,                       -- GeoJSON ring [[lon, lat], …]
        start_at timestamptz NOT NULL,
        end_at timestamptz,               -- null while open
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX incidents_start_idx ON incidents (start_at DESC, id DESC)');
    await runner.query(`
      CREATE TABLE deployments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
        device_id text NOT NULL REFERENCES devices (id),
        from_at timestamptz NOT NULL,
        to_at timestamptz,                -- null: until the incident ends
        role text
      )`);
    await runner.query('CREATE INDEX deployments_incident_idx ON deployments (incident_id, from_at)');
    await runner.query('CREATE INDEX deployments_device_idx ON deployments (device_id, from_at)');
    // State at T replays each alert's steps up to T.
    await runner.query('CREATE INDEX alert_steps_alert_at_idx ON alert_steps (alert_id, at, ordinal)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX IF EXISTS alert_steps_alert_at_idx');
    await runner.query('DROP TABLE IF EXISTS deployments');
    await runner.query('DROP TABLE IF EXISTS incidents');
  }
}
