import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People, their sessions, device credentials and the audit log (docs/adr/0004). Plain tables on both
 * TimescaleDB and PostgreSQL. The audit log is append-only at the database level: a trigger refuses
 * UPDATE, DELETE and TRUNCATE for every role, the application's included.
 */
export class IdentityAndAccess1767312000000 implements MigrationInterface {
  name = 'IdentityAndAccess1767312000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE users (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        username text NOT NULL,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('viewer', 'operator', 'commander', 'admin')),
        password_hash text NOT NULL,           -- bcrypt
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE UNIQUE INDEX users_username_key ON users (lower(username))');

    // One row per sign-in. The refresh token is `<id>.<secret>`; only a SHA-256 of the secret is kept
    // (it is 256 random bits: a slow hash adds nothing). Access tokens name their session, so revoking
    // it ends them at once.
    await runner.query(`
      CREATE TABLE user_sessions (
        id text PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        refresh_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        refreshed_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text,
        ip text,
        user_agent text
      )`);
    await runner.query('CREATE INDEX user_sessions_user_idx ON user_sessions (user_id) WHERE revoked_at IS NULL');

    // A device's MQTT secret, only as hashes: bcrypt for the embedded broker, and Mosquitto's own
    // PBKDF2-SHA512 format ($7$) so the production broker's password file can be regenerated.
    await runner.query(`
      CREATE TABLE device_credentials (
        device_id text PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
        secret_hash text NOT NULL,
        mosquitto_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        rotated_at timestamptz NOT NULL DEFAULT now(),
        generation integer NOT NULL DEFAULT 1
      )`);

    await runner.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id text,
        actor_name text,
        role text,
        action text NOT NULL,
        target_type text,
        target_id text,
        ip text,
        user_agent text,
        before jsonb,
        after jsonb
      )`);
    await runner.query('CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC)');
    await runner.query('CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id, at DESC)');
    await runner.query('CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at DESC)');
    await runner.query(`
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await runner.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`);
    await runner.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);
    // Roles other than the owner get no way to change rows either (the owner is stopped by the triggers).
    await runner.query('REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE audit_log');
    await runner.query('DROP FUNCTION audit_log_refuse_change()');
    await runner.query('DROP TABLE device_credentials');
    await runner.query('DROP TABLE user_sessions');
    await runner.query('DROP TABLE users');
  }
}
