import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbound webhooks: where alerts are sent (generic JSON, WeCom and DingTalk group robots) and one
 * row per message and endpoint, which is also the retry queue: a pending row is sent again at
 * `next_attempt_at`, so a restart loses nothing.
 */
export class AlertNotifications1767400000000 implements MigrationInterface {
  name = 'AlertNotifications1767400000000';

  async up(runner: QueryRunner): Promise<void> {
    // The secret signs messages, so it is kept as is (not hashed); the API never returns it.
    await runner.query(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        url text NOT NULL,
        format text NOT NULL CHECK (format IN ('generic', 'wecom', 'dingtalk')),
        min_level text NOT NULL CHECK (min_level IN ('blue', 'yellow', 'orange', 'red')),
        unit_ids uuid[] NOT NULL DEFAULT '{}',
        events jsonb NOT NULL CHECK (jsonb_typeof(events) = 'array'),
        secret text,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // alert_id is null for a test message, which is about a sample alert that is not stored.
    // next_attempt_at is null once nothing more will be sent (delivered, failed, or a test).
    await runner.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        alert_id uuid REFERENCES alerts (id),
        event text NOT NULL CHECK (event IN ('raised', 'escalated', 'overdue', 'state')),
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        http_status integer,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        next_attempt_at timestamptz
      )`);
    await runner.query('CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (status, next_attempt_at)');
    await runner.query('CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC)');
    await runner.query('CREATE INDEX webhook_deliveries_alert_idx ON webhook_deliveries (alert_id, created_at DESC)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE webhook_deliveries');
    await runner.query('DROP TABLE webhook_endpoints');
  }
}
