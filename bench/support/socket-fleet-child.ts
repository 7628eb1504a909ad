import { io, type Socket } from 'socket.io-client';
import type { DeviceReading } from '@tianyan/contracts';
import { LatencyHistogram } from './latency-histogram';

/**
 * One process of the fan-out bench's client fleet: `count` Socket.IO clients, each subscribed to
 * the live stream, recording publish→client latency (a reading's `time` is its publish time: the
 * bench publishers stamp ts = now). Driven by its parent over IPC (socket-fleet.ts).
 */
interface FleetConfig {
  baseUrl: string;
  token: string;
  count: number;
  rooms: string[];
  maxHz: number;
}

export type FleetCommand = { type: 'reset' } | { type: 'collect' } | { type: 'stop' };
export type FleetReport =
  | { type: 'ready'; connected: number }
  | { type: 'error'; message: string }
  | { type: 'report'; connected: number; events: number; readings: number; late: number; histogram: [number, number][] };

const config = JSON.parse(process.env.BENCH_FLEET ?? '{}') as FleetConfig;
const send = (m: FleetReport): void => void process.send?.(m);
let histogram = new LatencyHistogram();
let events = 0;
let readings = 0;
let late = 0;

const onReadings = (batch: DeviceReading[]): void => {
  const now = Date.now();
  events++;
  readings += batch.length;
  for (const r of batch) {
    if (r.late) late++;
    else histogram.record(now - r.time);
  }
};

async function connect(i: number): Promise<Socket> {
  const socket = io(config.baseUrl, { transports: ['websocket'], auth: { token: config.token }, forceNew: true, reconnection: false });
  await new Promise<void>((ok, fail) => {
    socket.once('connect', () => ok());
    socket.once('connect_error', (err) => fail(new Error(`client ${i}: ${err.message}`)));
  });
  for (const event of ['reading:drone', 'reading:ms', 'reading:obd', 'device:status']) socket.on(event, onReadings);
  const reply = (await socket.emitWithAck('subscribe', { rooms: config.rooms, maxHz: config.maxHz })) as { ok: boolean; error?: string };
  if (!reply.ok) throw new Error(`client ${i}: subscribe refused: ${reply.error}`);
  return socket;
}

async function main(): Promise<void> {
  const sockets: Socket[] = [];
  // A few at a time: the server checks a token per handshake, and 50 at once would stall its loop.
  for (let i = 0; i < config.count; i += 10) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(10, config.count - i) }, (_, k) => connect(i + k)))));
  }
  // The bench is gone (killed): do not linger.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (command: FleetCommand) => {
    if (command.type === 'reset') {
      histogram = new LatencyHistogram();
      events = readings = late = 0;
    } else if (command.type === 'collect') {
      send({ type: 'report', connected: sockets.filter((s) => s.connected).length, events, readings, late, histogram: histogram.toSparse() });
    } else {
      for (const s of sockets) s.disconnect();
      process.disconnect?.();
      setTimeout(() => process.exit(0), 100).unref();
    }
  });
  send({ type: 'ready', connected: sockets.length });
}

main().catch((err: Error) => {
  send({ type: 'error', message: err.message });
  setTimeout(() => process.exit(1), 100);
});
