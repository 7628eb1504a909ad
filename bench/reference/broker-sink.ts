import mqtt from 'mqtt';

/**
 * The broker-only ceiling's subscriber: one mqtt.js client at QoS 1 that only counts. Reports over
 * IPC when it is subscribed; after `{ type: 'expect', total }`, `{ received, lastAt }` once `total`
 * messages have arrived since it started (or at once when asked with `report`).
 *   MQTT_URL=… MQTT_USERNAME=… MQTT_PASSWORD=… SINK_TOPIC=refceil/# (forked by bench/support/references.ts)
 */
async function main(): Promise<void> {
  const client = await mqtt.connectAsync(process.env.MQTT_URL!, {
    clientId: `broker-sink-${process.pid}`, protocolVersion: 4, username: process.env.MQTT_USERNAME, password: process.env.MQTT_PASSWORD,
  });
  let received = 0;
  let lastAt = 0;
  let expected = Infinity;
  const report = (): void => void process.send?.({ type: 'done', received, lastAt });
  client.on('message', () => {
    received++;
    lastAt = Date.now();
    if (received === expected) report();
  });
  await client.subscribeAsync(process.env.SINK_TOPIC!, { qos: 1 });
  // The bench is gone (killed): do not linger.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m: { type: string; total?: number }) => {
    if (m.type === 'expect') expected = m.total!;
    if (m.type === 'report') report();
    if (m.type === 'stop') void client.endAsync().then(() => process.exit(0));
  });
  process.send?.({ type: 'ready' });
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
