import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { LatencyHistogram } from './latency-histogram';
import type { FleetClientKind, FleetCommand, FleetReport } from './socket-fleet-child';

export interface FleetTotals {
  connected: number;
  events: number;
  readings: number;
  late: number;
  /** Every event frame received, readings or not; bytes only from light clients (0 for full ones). */
  frames: number;
  bytes: number;
  histogram: LatencyHistogram;
  /** Publish → server receive of the same readings. */
  toServer: LatencyHistogram;
  /** Server receive → client of the same readings: the live path alone. */
  fromServer: LatencyHistogram;
  /** Per readings frame: how long after the first client of its process each client got the same beat. */
  spread: LatencyHistogram;
}

export interface SocketFleet {
  pids: number[];
  /** Zeroes every client's counters (start of a measurement window). */
  reset(): void;
  collect(): Promise<FleetTotals>;
  stop(): Promise<void>;
}

/**
 * `clients` live clients in child processes of `perProcess` each, so that the client side does not
 * run on the bench's (or the server's) thread; `client` picks full or light ones (socket-fleet-child.ts).
 */
export async function startSocketFleet(opts: {
  clients: number; perProcess: number; baseUrl: string; token: string; maxHz: number; rooms?: string[]; client: FleetClientKind;
}): Promise<SocketFleet> {
  const children: ChildProcess[] = [];
  const entry = resolve(__dirname, 'socket-fleet-child.js');
  const stopAll = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            if (child.connected) child.send({ type: 'stop' } satisfies FleetCommand);
            else child.kill('SIGTERM');
          }),
      ),
    );
  };
  try {
    for (let start = 0; start < opts.clients; start += opts.perProcess) {
      const count = Math.min(opts.perProcess, opts.clients - start);
      const config = { baseUrl: opts.baseUrl, token: opts.token, count, rooms: opts.rooms ?? ['all'], maxHz: opts.maxHz, client: opts.client };
      children.push(fork(entry, [], { env: { ...process.env, BENCH_FLEET: JSON.stringify(config) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    }
    await Promise.all(children.map((child) => nextReport(child, 'ready', 120_000)));
  } catch (err) {
    await stopAll();
    throw err;
  }
  return {
    pids: children.map((c) => c.pid!),
    reset: () => children.forEach((c) => c.send({ type: 'reset' } satisfies FleetCommand)),
    collect: async () => {
      const reports = await Promise.all(
        children.map((child) => {
          const report = nextReport(child, 'report', 30_000);
          child.send({ type: 'collect' } satisfies FleetCommand);
          return report;
        }),
      );
      const totals: FleetTotals = { connected: 0, events: 0, readings: 0, late: 0, frames: 0, bytes: 0, histogram: new LatencyHistogram(), toServer: new LatencyHistogram(), fromServer: new LatencyHistogram(), spread: new LatencyHistogram() };
      for (const r of reports) {
        if (r.type !== 'report') continue;
        totals.connected += r.connected;
        totals.events += r.events;
        totals.readings += r.readings;
        totals.late += r.late;
        totals.frames += r.frames;
        totals.bytes += r.bytes;
        totals.histogram.add(LatencyHistogram.fromSparse(r.histogram));
        totals.toServer.add(LatencyHistogram.fromSparse(r.toServer));
        totals.fromServer.add(LatencyHistogram.fromSparse(r.fromServer));
        totals.spread.add(LatencyHistogram.fromSparse(r.spread));
      }
      return totals;
    },
    stop: stopAll,
  };
}

function nextReport(child: ChildProcess, type: 'ready' | 'report', timeoutMs: number): Promise<FleetReport> {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => done(new Error(`socket fleet process ${child.pid}: no ${type} within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m: FleetReport): void => {
      if (m.type === 'error') done(new Error(`socket fleet process ${child.pid}: ${m.message}`));
      else if (m.type === type) done(undefined, m);
    };
    const onExit = (code: number | null): void => done(new Error(`socket fleet process ${child.pid} exited with ${code}`));
    function done(err?: Error, m?: FleetReport): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) fail(err);
      else ok(m!);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
