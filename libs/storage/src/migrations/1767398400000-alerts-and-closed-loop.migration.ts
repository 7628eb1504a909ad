import type { MigrationInterface, QueryRunner } from 'typeorm';

const APPEND_ONLY_TABLES = ['alert_steps'] as const;

/**
 * Alerts and their closed loop (DESIGN.md §7): rules, responsible units, one row per alert, its
 * history of steps, the readings behind it and the files attached to its steps. Plain tables on
 * both TimescaleDB and PostgreSQL: a few rows per incident, read by id and by recency.
 *
 * Kinds (rule kinds, step kinds) are not CHECKed: new ones come with code, not with a migration.
 * Colours and states are, since the lifecycle is built on them.
 */
export class AlertsAndClosedLoop1767398400000 implements MigrationInterface {
  name = 'AlertsAndClosedLoop1767398400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE responsible_units (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        tier text NOT NULL CHECK (tier IN ('enterprise', 'county', 'city', 'province')),
        contact text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    // `definition` is the whole validated rule; kind, name and enabled are copies to filter on.
    // Deleting only sets deleted_at: alerts keep pointing at the rule that raised them.
    await runner.query(`
      CREATE TABLE alert_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        name text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        definition jsonb NOT NULL CHECK (definition ->> 'kind' = kind),
        built_in boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);

    // alert_key names the condition (rule × device × subject); a device id never contains '|'
    // (DEVICE_ID_PATTERN), so the key is unambiguous. It is generated so no writer can get it wrong.
    await runner.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        rule_id uuid NOT NULL REFERENCES alert_rules (id),
        rule_kind text NOT NULL,
        rule_name text NOT NULL,
        device_id text,
        device_kind text,
        subject text NOT NULL,
        alert_key text GENERATED ALWAYS AS (rule_id::text || '|' || coalesce(device_id, '') || '|' || subject) STORED,
        level text NOT NULL CHECK (level IN ('blue', 'yellow', 'orange', 'red')),
        peak_level text NOT NULL CHECK (peak_level IN ('blue', 'yellow', 'orange', 'red')),
        state text NOT NULL CHECK (state IN ('raised', 'acknowledged', 'dispatched', 'rectifying', 'submitted',
          'county_check', 'city_review', 'province_tracking', 'closed', 'lifted')),
        title text NOT NULL,
        measure jsonb NOT NULL,
        peak jsonb NOT NULL,
        active boolean NOT NULL,
        drill boolean NOT NULL DEFAULT false,
        lat float8,
        lon float8,
        first_reading_at timestamptz NOT NULL,   -- device time
        last_reading_at timestamptz NOT NULL,
        raised_at timestamptz NOT NULL,          -- server time
        updated_at timestamptz NOT NULL,
        occurrences integer NOT NULL DEFAULT 1,
        unit_id uuid REFERENCES responsible_units (id),
        due_at timestamptz,
        overdue boolean NOT NULL DEFAULT false,
        escalations integer NOT NULL DEFAULT 0
      )`);
    // The database itself refuses a second open alert for the same condition; closed and lifted
    // ones may repeat, since the condition can come back after close-out.
    await runner.query(`CREATE UNIQUE INDEX alerts_open_key ON alerts (alert_key) WHERE state NOT IN ('closed', 'lifted')`);
    await runner.query('CREATE INDEX alerts_raised_idx ON alerts (raised_at DESC, id DESC)');
    await runner.query('CREATE INDEX alerts_state_idx ON alerts (state, raised_at DESC)');
    await runner.query('CREATE INDEX alerts_device_idx ON alerts (device_id, raised_at DESC)');
    await runner.query('CREATE INDEX alerts_level_idx ON alerts (level, raised_at DESC)');
    // The overdue sweep runs every few seconds and only looks at open alerts with a deadline.
    await runner.query(`CREATE INDEX alerts_due_idx ON alerts (due_at) WHERE NOT overdue AND state NOT IN ('closed', 'lifted')`);

    // Actors are users (bigint ids, as text like audit_log.actor_id) and deliberately not foreign
    // keys: history names who acted, by id and by name, whatever later happens to the account.
    // `ordinal` is the order steps were written in; several steps of one update share a time.
    await runner.query(`
      CREATE TABLE alert_steps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ordinal bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        alert_id uuid NOT NULL REFERENCES alerts (id),
        kind text NOT NULL,
        from_state text,
        to_state text NOT NULL,
        level text NOT NULL CHECK (level IN ('blue', 'yellow', 'orange', 'red')),
        actor_id text,
        actor_username text,
        actor_role text,
        at timestamptz NOT NULL DEFAULT now(),
        note text,
        unit_id uuid REFERENCES responsible_units (id),
        due_at timestamptz,
        UNIQUE (alert_id, id),
        CHECK ((actor_id IS NULL) = (actor_username IS NULL) AND (actor_id IS NULL) = (actor_role IS NULL))
      )`);
    await runner.query('CREATE INDEX alert_steps_alert_idx ON alert_steps (alert_id, ordinal)');
    await runner.query(`
      CREATE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    for (const table of APPEND_ONLY_TABLES) {
      await runner.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`);
      await runner.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change()`);
      await runner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM PUBLIC`);
    }

    // The key includes device_id: an alert without a device (quarantine rate) may cite several.
    await runner.query(`
      CREATE TABLE alert_readings (
        alert_id uuid NOT NULL REFERENCES alerts (id),
        device_id text NOT NULL,
        stream text NOT NULL,
        time timestamptz NOT NULL,               -- device time
        seq bigint NOT NULL,
        value float8,
        level text CHECK (level IN ('blue', 'yellow', 'orange', 'red')),
        PRIMARY KEY (alert_id, device_id, stream, time, seq)
      )`);

    // Only metadata: the bytes live on disk under storage_key, since one embedded query must stay
    // under 64 KiB. An attachment is uploaded first and attached to a step of the same alert later;
    // the composite key makes attaching it to another alert's step impossible.
    await runner.query(`
      CREATE TABLE alert_attachments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alert_id uuid NOT NULL REFERENCES alerts (id),
        step_id uuid,
        file_name text NOT NULL,
        content_type text NOT NULL,
        bytes integer NOT NULL CHECK (bytes >= 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        storage_key text NOT NULL UNIQUE,
        uploaded_by text NOT NULL,               -- user id, as in alert_steps
        uploaded_by_name text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (alert_id, step_id) REFERENCES alert_steps (alert_id, id)
      )`);
    await runner.query('CREATE INDEX alert_attachments_alert_idx ON alert_attachments (alert_id, uploaded_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE alert_attachments');
    await runner.query('DROP TABLE alert_readings');
    // DROP TABLE is not refused: the triggers guard rows, not the schema.
    await runner.query('DROP TABLE alert_steps');
    await runner.query('DROP FUNCTION refuse_append_only_change()');
    await runner.query('DROP TABLE alerts');
    await runner.query('DROP TABLE alert_rules');
    await runner.query('DROP TABLE responsible_units');
  }
}
