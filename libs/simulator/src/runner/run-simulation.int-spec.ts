import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createBroker } from 'aedes';
import mqtt from 'mqtt';
import { parseDeviceMessage } from '@tianyan/contracts';
import { pollUntil } from '@tianyan/testing';
import { createScenario } from '../scenario/create-scenario';
import { runSimulation } from './run-simulation';

describe('runSimulation against an in-process broker', () => {
  let server: Server;
  let broker: ReturnType<typeof createBroker>;
  let url: string;

  beforeAll(async () => {
    broker = createBroker();
    server = createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('publishes a drill whose every message a subscriber receives validates, including wills on drop', async () => {
    const received: Array<{ topic: string; payload: string; retain: boolean }> = [];
    const sub = await mqtt.connectAsync(url, { clientId: 'test-sub', protocolVersion: 4 });
    await sub.subscribeAsync('tianyan/v1/#', { qos: 1 });
    sub.on('message', (topic, payload, packet) => received.push({ topic, payload: payload.toString(), retain: packet.retain }));

    // 50 virtual minutes at 600×: ~5 s of wall time, all faults of hour 0 included (offline → will).
    const startTime = Date.now() - 50 * 60_000;
    const scenario = createScenario('drill', { seed: 3, startTime, faults: ['offline', 'dropout'] });
    const run = runSimulation({ scenario, mqttUrl: url, speed: 600, durationS: 50 * 60, tickMs: 50 });
    await run.ready;
    await run.done;
    expect(run.stats.failed).toBe(0);
    expect(run.stats.invalid).toBe(0);
    await pollUntil(() => received.length, (n) => n >= run.stats.acked, { what: 'all published messages at the subscriber' });
    await sub.endAsync();

    for (const m of received) {
      const parsed = parseDeviceMessage(m.topic, m.payload, Date.now());
      expect(parsed.rejects).toEqual([]);
      expect(parsed.readings.every((r) => r.drill)).toBe(true);
    }
    const streams = new Set(received.map((m) => m.topic.split('/')[4]));
    expect(streams.has('status')).toBe(true);
    expect(received.some((m) => m.payload.startsWith('['))).toBe(true); // a store-and-forward replay
    // The dropped device's last will reached the subscriber: the broker, not the simulator, sent it.
    expect(received.some((m) => m.topic.endsWith('/status') && m.payload.includes('last will'))).toBe(true);
    expect(run.stats.disconnects).toBeGreaterThan(0);
  });
});
