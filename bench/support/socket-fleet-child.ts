import { io } from 'socket.io-client';
import { unpackReadings, type DeviceReading, type ReadingsFrame } from '@tianyan/contracts';
import { LatencyHistogram } from './latency-histogram';
import { connectLight } from './light-socket';
import { checkScan, isReadingsFrame, scanReadings } from './wire-readings';

/**
 * One process of the fan-out bench's client fleet: `count` clients, each subscribed to the live
 * stream, recording publish→client latency (a reading's `time` is its publish time: the bench
 * publishers stamp ts = now). Driven by its parent over IPC (socket-fleet.ts).
 * - `full`: socket.io-client, every event JSON-decoded, as a screen does: on this machine the
 *   decoding competes with the server for the same cores.
 * - `light`: the Socket.IO protocol over a bare WebSocket (light-socket.ts); each frame's readings
 *   are timed by scanning its bytes, not decoded, as if the screens decoded on their own machines.
 *   Its first frames are also JSON-decoded and must agree with the scan.
 */
export type FleetClientKind = 'full' | 'light';

interface FleetConfig {
  baseUrl: string;
  token: string;
  count: number;
  rooms: string[];
  maxHz: number;
  client: FleetClientKind;
}

interface FleetSocket {
  readonly open: boolean;
  close(): void;
}

export type FleetCommand = { type: 'reset' } | { type: 'collect' } | { type: 'stop' };
export type FleetReport =
  | { type: 'ready'; connected: number }
  | { type: 'error'; message: string }
  | { type: 'report'; connected: number; events: number; readings: number; late: number; frames: number; bytes: number; histogram: [number, number][]; toServer: [number, number][]; fromServer: [number, number][]; spread: [number, number][] };

const config = JSON.parse(process.env.BENCH_FLEET ?? '{}') as FleetConfig;
const send = (m: FleetReport): void => void process.send?.(m);
let histogram = new LatencyHistogram();
/** Publish → server receive (a reading's `receivedAt`): the part of the latency before the live path. */
let toServer = new LatencyHistogram();
/** Server receive → client: Tianyan's live path alone (one clock: the same machine). */
let fromServer = new LatencyHistogram();
/**
 * Per `readings` frame, how long after the first of this process's clients each got it: every client
 * watches the same view, so one beat reaches them all as the same frame, written socket after socket.
 */
let spread = new LatencyHistogram();
/** First receipt of each beat's frame in this process, by its length and newest receive time. */
const firstSeen = new Map<string, number>();
let events = 0;
let readings = 0;
let late = 0;
/** Every event frame a client received (readings, alerts, situation…) and, for light clients, their bytes. */
let frames = 0;
let bytes = 0;

const onReadings = (batch: DeviceReading[]): void => {
  const now = Date.now();
  events++;
  readings += batch.length;
  let newest = 0;
  for (const r of batch) {
    newest = Math.max(newest, r.receivedAt);
    if (r.late) late++;
    else record(now, r.time, r.receivedAt);
  }
  recordSpread(`${batch.length}/${newest}`, now);
};

let failure: string | undefined;
/** Frames a light client checks against JSON.parse before it trusts the scan. */
let framesToCheck = 20;

const onFrame = (frame: Buffer): void => {
  frames++;
  bytes += frame.length;
  if (!isReadingsFrame(frame)) return;
  const now = Date.now();
  if (framesToCheck > 0) {
    framesToCheck--;
    checkScan(frame);
  }
  events++;
  let newest = 0;
  readings += scanReadings(frame, (time, receivedAt, isLate) => {
    newest = Math.max(newest, receivedAt);
    if (isLate) late++;
    else record(now, time, receivedAt);
  });
  recordSpread(`${frame.length}/${newest}`, now);
};

function recordSpread(beat: string, now: number): void {
  const first = firstSeen.get(beat);
  if (first !== undefined) return spread.record(now - first);
  spread.record(0);
  firstSeen.set(beat, now);
  if (firstSeen.size > 1000) firstSeen.delete(firstSeen.keys().next().value!);
}

function record(now: number, time: number, receivedAt: number): void {
  histogram.record(now - time);
  toServer.record(receivedAt - time);
  fromServer.record(now - receivedAt);
}

async function connectFull(i: number): Promise<FleetSocket> {
  const socket = io(config.baseUrl, { transports: ['websocket'], auth: { token: config.token }, forceNew: true, reconnection: false });
  await new Promise<void>((ok, fail) => {
    socket.once('connect', () => ok());
    socket.once('connect_error', (err) => fail(new Error(`client ${i}: ${err.message}`)));
  });
  socket.on('readings', (frame: ReadingsFrame) => onReadings(unpackReadings(frame)));
  socket.onAny(() => frames++);
  const reply = (await socket.emitWithAck('subscribe', { rooms: config.rooms, maxHz: config.maxHz })) as { ok: boolean; error?: string };
  if (!reply.ok) throw new Error(`client ${i}: subscribe refused: ${reply.error}`);
  return { get open() { return socket.connected; }, close: () => socket.disconnect() };
}

async function connect(i: number): Promise<FleetSocket> {
  if (config.client === 'full') return connectFull(i);
  return connectLight(config.baseUrl, { token: config.token }, { rooms: config.rooms, maxHz: config.maxHz }, (frame) => {
    try {
      onFrame(frame);
    } catch (err) {
      // Reported at the next collect: a scan that disagrees with JSON must not yield a figure.
      failure ??= `client ${i}: ${(err as Error).message}`;
    }
  }).catch((err: Error) => {
    throw new Error(`client ${i}: ${err.message}`);
  });
}

async function main(): Promise<void> {
  const sockets: FleetSocket[] = [];
  // A few at a time: the server checks a token per handshake, and 50 at once would stall its loop.
  for (let i = 0; i < config.count; i += 10) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(10, config.count - i) }, (_, k) => connect(i + k)))));
  }
  // The bench is gone (killed): do not linger.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (command: FleetCommand) => {
    if (command.type === 'reset') {
      histogram = new LatencyHistogram();
      toServer = new LatencyHistogram();
      fromServer = new LatencyHistogram();
      spread = new LatencyHistogram();
      events = readings = late = frames = bytes = 0;
    } else if (command.type === 'collect') {
      if (failure) return send({ type: 'error', message: failure });
      send({ type: 'report', connected: sockets.filter((s) => s.open).length, events, readings, late, frames, bytes, histogram: histogram.toSparse(), toServer: toServer.toSparse(), fromServer: fromServer.toSparse(), spread: spread.toSparse() });
    } else {
      for (const s of sockets) s.close();
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
