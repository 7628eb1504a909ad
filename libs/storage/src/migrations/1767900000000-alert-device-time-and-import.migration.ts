import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alert steps at device time, and alerts imported from an incident archive (issue 7).
 *
 * `alert_steps.device_at`: the device time of the reading behind a step the engine took (raise,
 * escalate, clear…); NULL for steps a person or a timer took. Replay and seek place a step at its
 * incident time `COALESCE(device_at, at)`, so a scenario recorded faster than real time (or late,
 * store-and-forward readings) replays its alerts beside the readings that raised them.
 *
 * `alerts.imported_at`: set on alerts re-created by an archive import. They are history, not live
 * conditions: the "one open alert per key" index and the rule foreign key cover live alerts only
 * (an archive names a rule by id, kind and name, and the rule need not exist here). The rule check
 * of live alerts moves from the foreign key to a trigger; rules are only ever soft-deleted.
 */
export class AlertDeviceTimeAndImport1767900000000 implements MigrationInterface {
  name = 'AlertDeviceTimeAndImport1767900000000';

  async up(runner: QueryRunner): Promise<void> {
    // DDL: the append-only triggers guard rows, not the schema; existing steps keep device_at NULL.
    await runner.query('ALTER TABLE alert_steps ADD COLUMN device_at timestamptz');
    // Serves seek (last step of an alert at or before T) and replay (an alert's steps in a range).
    await runner.query('CREATE INDEX alert_steps_incident_time_idx ON alert_steps (alert_id, (COALESCE(device_at, at)), ordinal)');

    await runner.query('ALTER TABLE alerts ADD COLUMN imported_at timestamptz');
    await runner.query('DROP INDEX alerts_open_key');
    await runner.query(`CREATE UNIQUE INDEX alerts_open_key ON alerts (alert_key) WHERE state NOT IN ('closed', 'lifted') AND imported_at IS NULL`);
    await runner.query('DROP INDEX alerts_due_idx');
    await runner.query(`CREATE INDEX alerts_due_idx ON alerts (due_at) WHERE NOT overdue AND state NOT IN ('closed', 'lifted') AND imported_at IS NULL`);

    await runner.query('ALTER TABLE alerts DROP CONSTRAINT alerts_rule_id_fkey');
    await runner.query(`
      CREATE FUNCTION alert_rule_must_exist() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.imported_at IS NULL AND NOT EXISTS (SELECT 1 FROM alert_rules WHERE id = NEW.rule_id) THEN
          RAISE EXCEPTION 'alert %: rule % does not exist', NEW.id, NEW.rule_id USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await runner.query(`
      CREATE TRIGGER alerts_rule_exists BEFORE INSERT OR UPDATE OF rule_id, imported_at ON alerts
      FOR EACH ROW EXECUTE FUNCTION alert_rule_must_exist()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TRIGGER alerts_rule_exists ON alerts');
    await runner.query('DROP FUNCTION alert_rule_must_exist()');
    // Imported alerts may cite rules this database never had: the key is not re-checked for them.
    await runner.query('ALTER TABLE alerts ADD CONSTRAINT alerts_rule_id_fkey FOREIGN KEY (rule_id) REFERENCES alert_rules (id) NOT VALID');
    await runner.query('DROP INDEX alerts_due_idx');
    await runner.query(`CREATE INDEX alerts_due_idx ON alerts (due_at) WHERE NOT overdue AND state NOT IN ('closed', 'lifted')`);
    // The earlier schema has no imported alerts and room for one open alert per condition: imported
    // ones still open are lifted (their steps stay as recorded) rather than clash with live ones.
    await runner.query(`UPDATE alerts SET state = 'lifted' WHERE imported_at IS NOT NULL AND state NOT IN ('closed', 'lifted')`);
    await runner.query('DROP INDEX alerts_open_key');
    await runner.query(`CREATE UNIQUE INDEX alerts_open_key ON alerts (alert_key) WHERE state NOT IN ('closed', 'lifted')`);
    await runner.query('ALTER TABLE alerts DROP COLUMN imported_at');
    await runner.query('DROP INDEX alert_steps_incident_time_idx');
    await runner.query('ALTER TABLE alert_steps DROP COLUMN device_at');
  }
}
