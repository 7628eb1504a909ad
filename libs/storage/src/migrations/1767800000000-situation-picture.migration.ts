import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The built-in receptor rule as it stood when this migration was written (default-alert-rules.ts). */
const RECEPTOR_RULE = {
  kind: 'receptor',
  name: 'Receptor inside a plume zone',
  description:
    'A school, hospital, village or water intake inside a plume zone of the situation picture, at the zone colour (extent blue, AEGL-1 yellow, AEGL-2 orange, AEGL-3 red)',
  enabled: true,
  scope: {},
  minBand: 'extent',
};

/**
 * The situation picture (issue 8): sensitive receptors, the wind reported per incident, and the snapshots of each incident's picture
 * stored at their device time so playback shows them as they were. Plain tables on both databases: a
 * snapshot every few seconds per open incident is a few thousand rows an hour, read by (incident, at).
 * Kinds are not CHECKed (new receptor kinds come with code). An installation seeded before the
 * receptor rule existed gets it here; a fresh one gets it with the other defaults at first start.
 */
export class SituationPicture1767800000000 implements MigrationInterface {
  name = 'SituationPicture1767800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE receptors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        kind text NOT NULL,
        geometry jsonb NOT NULL,          -- GeoJSON Point, Polygon or MultiPolygon ([lon, lat])
        population integer CHECK (population >= 0),
        properties jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz            -- soft delete: alerts keep naming the receptor
      )`);
    await runner.query('CREATE INDEX receptors_live_idx ON receptors (created_at, id) WHERE deleted_at IS NULL');
    await runner.query(`
      CREATE TABLE situation_snapshots (
        incident_id uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
        at timestamptz NOT NULL,          -- device time the picture describes
        computed_at timestamptz NOT NULL DEFAULT now(),
        body jsonb NOT NULL,              -- SituationSnapshot
        PRIMARY KEY (incident_id, at)
      )`);
    // The wind a commander reports for an incident; without it the picture takes the plume's own axis.
    await runner.query(`
      CREATE TABLE situation_wind (
        incident_id uuid PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
        from_deg float8 NOT NULL CHECK (from_deg >= 0 AND from_deg <= 360),
        speed_ms float8 CHECK (speed_ms >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      `INSERT INTO alert_rules (kind, name, enabled, definition, built_in)
       SELECT 'receptor', $1, true, $2::jsonb, true
       WHERE EXISTS (SELECT 1 FROM alert_rules WHERE built_in) AND NOT EXISTS (SELECT 1 FROM alert_rules WHERE kind = 'receptor' AND built_in)`,
      [RECEPTOR_RULE.name, JSON.stringify(RECEPTOR_RULE)],
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    // Alerts reference their rule: a receptor rule that raised some stays (as deleted) with them.
    await runner.query(`UPDATE alert_rules SET deleted_at = now() WHERE kind = 'receptor' AND deleted_at IS NULL`);
    await runner.query(`DELETE FROM alert_rules WHERE kind = 'receptor' AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.rule_id = alert_rules.id)`);
    await runner.query('DROP TABLE IF EXISTS situation_wind');
    await runner.query('DROP TABLE IF EXISTS situation_snapshots');
    await runner.query('DROP TABLE IF EXISTS receptors');
  }
}
