import mqtt from 'mqtt';

/**
 * The broker-only ceiling's subscriber: one mqtt.js client at QoS 1 that only counts. Reports over
 * IPC when it is subscribed, then `{ received, lastAt }` when `expected` messages arrived (or when asked).
 */
async function main(): Promise<void> {
  const expected = Number(process.env.SINK_EXPECTED);
  const client = await mqtt.connectAsync(process.env.MQTT_URL!, {
    clientId: `broker-sink-${process.pid}`, protocolVersion: 4, username: process.env.MQTT_USERNAME, password: process.env.MQTT_PASSWORD,
  });
  let received = 0;
  let lastAt = 0;
  const report = (): void => void process.send?.({ type: 'done', received, lastAt });
  client.on('message', () => {
    received++;
    lastAt = Date.now();
    if (received === expected) report();
  });
  await client.subscribeAsync('tianyan/#', { qos: 1 });
  // The bench is gone (killed): do not linger.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m: { type: string }) => {
    if (m.type === 'report') report();
    if (m.type === 'stop') void client.endAsync().then(() => process.exit(0));
  });
  process.send?.({ type: 'ready' });
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
