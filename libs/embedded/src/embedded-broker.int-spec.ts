import { createServer } from 'node:net';
import mqtt from 'mqtt';
import { startEmbeddedBroker } from './embedded-broker';
import { assertPortFree } from './listen-or-explain';

describe('embedded MQTT broker', () => {
  it('carries a QoS 1 message from a publisher to a subscriber', async () => {
    const broker = await startEmbeddedBroker({ port: 0 });
    const sub = await mqtt.connectAsync(broker.url, { clientId: 'sub' });
    const pub = await mqtt.connectAsync(broker.url, { clientId: 'pub' });
    try {
      await sub.subscribeAsync('tianyan/#', { qos: 1 });
      const received = new Promise<string>((resolve) => sub.on('message', (_t, payload) => resolve(payload.toString())));
      await pub.publishAsync('tianyan/v1/drone/d1/status', '{"state":"online"}', { qos: 1 });
      expect(await received).toBe('{"state":"online"}');
      expect(broker.connectedClients()).toBe(2);
    } finally {
      await Promise.all([sub.endAsync(), pub.endAsync()]);
      await broker.stop();
    }
  });

  it('names MQTT_PORT when its port is taken', async () => {
    const squatter = createServer();
    await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', () => r()));
    const { port } = squatter.address() as { port: number };
    try {
      await expect(startEmbeddedBroker({ port })).rejects.toThrow(`Embedded MQTT broker: port ${port} on 127.0.0.1 is already in use. Set MQTT_PORT to a free port.`);
      await expect(assertPortFree(port, '127.0.0.1', 'PORT', 'HTTP server')).rejects.toThrow(/HTTP server: port \d+ .*Set PORT/);
    } finally {
      squatter.close();
    }
  });
});
