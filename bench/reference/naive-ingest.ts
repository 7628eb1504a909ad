import mqtt from 'mqtt';
import { Client } from 'pg';

/**
 * The naive baseline of bench:ingest, kept as the reference it is measured against: the 40-line
 * MQTT → PostgreSQL bridge everyone writes first. One INSERT per message on one connection; mqtt.js
 * acknowledges each QoS 1 message as it arrives (its default), before the row is stored.
 *   MQTT_URL=… [MQTT_USERNAME=… MQTT_PASSWORD=…] DATABASE_URL=… [TOPIC_FILTER=tianyan/#] node dist/bench/reference/naive-ingest.js
 */
async function main(): Promise<void> {
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query(`CREATE TABLE IF NOT EXISTS naive_readings (
    device_id text NOT NULL, channel text NOT NULL, time timestamptz NOT NULL, payload jsonb NOT NULL)`);
  const client = await mqtt.connectAsync(process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883', {
    clientId: `naive-ingest-${process.pid}`,
    username: process.env.MQTT_USERNAME,
    password: process.env.MQTT_PASSWORD,
  });
  client.on('message', (topic, payload) => {
    // <root>/v1/<kind>/<device>/<channel>
    const [, , , deviceId, channel] = topic.split('/');
    const body = JSON.parse(payload.toString()) as { ts: number };
    db.query('INSERT INTO naive_readings (device_id, channel, time, payload) VALUES ($1, $2, to_timestamp($3 / 1000.0), $4)', [
      deviceId, channel, body.ts, payload.toString(),
    ]).catch((err: Error) => console.error(`insert failed: ${err.message}`));
  });
  await client.subscribeAsync(process.env.TOPIC_FILTER ?? 'tianyan/#', { qos: 1 });
  console.log('naive-ingest: subscribed');
  process.on('SIGTERM', () => {
    void client.endAsync().then(() => db.end()).then(() => process.exit(0));
  });
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
