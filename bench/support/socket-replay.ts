import { io, type Socket } from 'socket.io-client';
import { unpackReadings, type ClientToServerEvents, type ReplayClock, type ReplayReply, type ServerToClientEvents } from '@tianyan/contracts';
import { freePort } from '@tianyan/testing';
import { signIn, startTianyan } from './tianyan-process';

export interface SocketReplayResult {
  wallSeconds: number;
  /** Replay clock advance per wall second (64 when it keeps up). */
  clockSpeed: number;
  readings: number;
  readingsPerS: number;
  /** How far the newest delivered reading trails the last replay clock (device time). */
  behindAtEndMs: number;
}

/**
 * The replay stream as the screen sees it: a Tianyan process on the same database, one Socket.IO
 * client replaying the incident at `speed` for `wallMs`. Measures how fast the replay clock really
 * advances and how far the delivered readings trail it at the end.
 */
export async function measureSocketReplay(databaseUrl: string, incidentId: string, from: number, speed: 64, wallMs: number): Promise<SocketReplayResult> {
  const tianyan = await startTianyan({ DATABASE_URL: databaseUrl, MQTT_PORT: String(await freePort()), ALERTS_ENGINE_ENABLED: 'false' });
  let socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;
  try {
    const token = await signIn(tianyan.baseUrl);
    socket = io(tianyan.baseUrl, { transports: ['websocket'], reconnection: false, auth: { token } });
    const clocks: Array<ReplayClock & { receivedAt: number }> = [];
    let readings = 0;
    let newest = 0;
    socket.on('replay:clock', (c) => clocks.push({ ...c, receivedAt: performance.now() }));
    socket.on('replay:readings', (frame) => {
      const batch = unpackReadings(frame);
      readings += batch.length;
      for (const r of batch) newest = Math.max(newest, r.time);
    });
    await new Promise<void>((ok, fail) => {
      socket!.once('connect', () => ok());
      socket!.once('connect_error', fail);
    });
    const reply = await new Promise<ReplayReply>((done) => socket!.emit('replay:start', { incidentId, from, speed }, done));
    if (!reply.ok) throw new Error(`replay:start refused: ${reply.error}`);
    const started = performance.now();
    await new Promise((r) => setTimeout(r, wallMs));
    const wallSeconds = (performance.now() - started) / 1000;
    const first = clocks[0]!;
    const last = clocks.at(-1)!;
    socket.emit('replay:stop', {}, () => undefined);
    return {
      wallSeconds,
      clockSpeed: (last.at - first.at) / Math.max(1, last.receivedAt - first.receivedAt),
      readings,
      readingsPerS: readings / wallSeconds,
      behindAtEndMs: Math.max(0, last.at - newest),
    };
  } finally {
    socket?.disconnect();
    await tianyan.stop();
  }
}
