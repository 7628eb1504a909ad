import { createConnection } from 'node:net';
import type { DeviceReading } from '@tianyan/contracts';
import { pollUntil } from '@tianyan/testing';
import { RedisLiveBus } from './redis-live-bus';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Redis is a real service of the scaled-out deployment; a machine with only Node has none (CI starts it). */
async function redisReachable(): Promise<boolean> {
  const { hostname, port } = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.end(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const reading = (seq: number) => ({ deviceId: 'drone-redis-1', kind: 'drone', channel: 'telemetry', seq, time: 1_700_000_000_000 + seq }) as DeviceReading;

describe('RedisLiveBus across two connections (real Redis)', () => {
  let ingestSide: RedisLiveBus | undefined;
  let apiSide: RedisLiveBus | undefined;

  beforeAll(async () => {
    if (!(await redisReachable())) {
      console.warn(`no Redis at ${REDIS_URL}: the scaled-out live bus is not tested here (.ci/run starts one)`);
      return;
    }
    [ingestSide, apiSide] = await Promise.all([RedisLiveBus.connect(REDIS_URL), RedisLiveBus.connect(REDIS_URL)]);
  });
  afterAll(async () => {
    await Promise.all([ingestSide?.close(), apiSide?.close()]);
  });

  it('carries received and committed readings on their own streams, each to its own listeners', async () => {
    if (!ingestSide || !apiSide) return;
    const received: number[] = [];
    const committed: number[] = [];
    apiSide.onReceived((rs) => received.push(...rs.map((r) => r.seq)));
    apiSide.onReadings((rs) => committed.push(...rs.map((r) => r.seq)));
    // The subscription is asynchronous: publish until the first group arrives.
    await pollUntil(
      () => {
        ingestSide!.publishReceived([reading(0)]);
        return received.length;
      },
      (n) => n > 0,
      { what: 'subscription ready' },
    );
    received.length = 0;
    ingestSide.publishReceived([reading(1), reading(2)]);
    ingestSide.publishReadings([reading(1)]);
    ingestSide.publishReceived([reading(3)]);
    ingestSide.publishReadings([reading(2), reading(3)]);
    await pollUntil(() => [received.filter((s) => s > 0).length, committed.length], ([r, c]) => r === 3 && c === 3, { what: 'both streams delivered' });
    expect(received.filter((s) => s > 0)).toEqual([1, 2, 3]);
    expect(committed).toEqual([1, 2, 3]);
  });
});
