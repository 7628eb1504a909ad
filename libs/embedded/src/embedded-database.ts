import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import { assertPortFree } from './listen-or-explain';

export interface EmbeddedDatabaseOptions {
  /** TCP port to serve the Postgres wire protocol on; 0 picks a free one (tests). */
  port: number;
  /** Where PGlite keeps its files between runs. */
  dataDir: string;
  host?: string;
}

export interface EmbeddedDatabase {
  /** Connection string for pg/TypeORM; the port is the one actually bound. */
  url: string;
  stop(): Promise<void>;
}

type WorkerMessage = { type: 'listening'; port: number } | { type: 'error'; message: string; code?: string } | { type: 'stopped' };

/**
 * PGlite + TimescaleDB served over the Postgres wire protocol by pglite-socket's connection handler
 * (which reassembles messages split across TCP reads), run in a worker thread: PGlite executes queries synchronously
 * in WASM, so on the main thread every query would stall MQTT and HTTP; and PGlite loads its files with
 * dynamic `import()`, which a worker runs natively (Jest's module VM cannot). Plain JS, because the
 * worker is not compiled with the rest (tsc would not emit a .js file beside us).
 */
const WORKER_SOURCE = `
const net = require('node:net');
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.modules.pglite);
const { timescaledb } = require(workerData.modules.timescaledb);
const { PGLiteSocketHandler } = require(workerData.modules.socket);
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);
let db, server, active = null, stopping = false;
const waiting = [];
let tail = Promise.resolve();
// The handler reassembles protocol messages split across TCP reads and hands each one here: run
// them strictly in arrival order, one at a time (PGlite is one backend).
const queryQueue = {
  enqueue(_handlerId, message) {
    const run = tail.then(() => db.execProtocolRaw(message));
    tail = run.catch(() => undefined);
    return run;
  },
  clearQueueForHandler() {},
  async clearTransactionIfNeeded() {},
};
// PGlite is a single session: clients take turns, and a later one waits for the current one to
// leave instead of being refused or having its statements interleaved with another transaction.
function serveNext() {
  if (active) return;
  const socket = waiting.shift();
  if (!socket) return;
  if (socket.destroyed) return serveNext();
  const handler = new PGLiteSocketHandler({ queryQueue, closeOnDetach: true });
  active = handler;
  let released = false;
  const release = () => {
    if (released || stopping) return;
    released = true;
    // Whatever the client left open (an extended query, a transaction) must not leak to the next.
    tail = tail
      .then(() => db.execProtocolRaw(SYNC))
      .then(() => db.exec('ROLLBACK'))
      .catch(() => undefined)
      .then(() => { active = null; serveNext(); });
  };
  handler.addEventListener('close', release);
  handler.addEventListener('error', release);
  handler.attach(socket).then(() => socket.resume(), (e) => { socket.destroy(); release(); });
}
async function start() {
  db = await PGlite.create({ dataDir: workerData.dataDir, extensions: { timescaledb } });
  server = net.createServer({ pauseOnConnect: true }, (socket) => {
    socket.on('error', () => socket.destroy());
    waiting.push(socket);
    serveNext();
  });
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(workerData.port, workerData.host, resolve); });
  parentPort.postMessage({ type: 'listening', port: server.address().port });
}
async function stop() {
  stopping = true;
  if (server) {
    for (const socket of waiting.splice(0)) socket.destroy();
    if (active) await active.detach(true);
    await new Promise((resolve) => server.close(() => resolve()));
  }
  // Closing PGlite under a running statement aborts the WASM module: let the last one finish.
  await tail;
  if (db) await db.close();
  parentPort.postMessage({ type: 'stopped' });
  parentPort.close();
}
parentPort.on('message', (m) => { if (m === 'stop') stop().catch(fail); });
function fail(e) { parentPort.postMessage({ type: 'error', message: String(e && e.message || e), code: e && e.code }); }
start().catch(async (e) => { fail(e); try { if (db) await db.close(); } catch {} parentPort.close(); });
`;

/**
 * Starts the embedded TimescaleDB (DESIGN.md §2). Limits: one connection at a time (others wait their
 * turn), no COPY, no background workers (jobs run on our own timer). The 64 KiB message limit of
 * DESIGN.md §2 was pglite-socket ≤ 0.0.19 feeding PGlite TCP reads rather than whole messages: a
 * message split across reads hung or dropped the connection, at any size once the socket was busy.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const logger = new Logger('EmbeddedDatabase');
  const host = options.host ?? '127.0.0.1';
  // PGlite takes seconds to boot: find a taken port before that, and say which setting to change.
  await assertPortFree(options.port, host, 'EMBEDDED_DB_PORT', 'Embedded database');
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });

  const modules = {
    pglite: require.resolve('@electric-sql/pglite'),
    timescaledb: require.resolve('@electric-sql/pglite/timescaledb'),
    socket: require.resolve('@electric-sql/pglite-socket'),
  };
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modules, dataDir, port: options.port, host } });
  const exited = new Promise<void>((done) => worker.once('exit', () => done()));

  const port = await new Promise<number>((done, fail) => {
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'listening') done(m.port);
      else if (m.type === 'error') {
        const error = m.code === 'EADDRINUSE' ? portError(host, options.port, m) : new Error(`Embedded database: ${m.message}`);
        fail(error);
        logger.error(error.message);
      }
    });
    worker.once('error', fail);
    void exited.then(() => fail(new Error('Embedded database: worker exited during start')));
  });

  let stopped: Promise<void> | undefined;
  // After start, a dying database must be loud: every later query would fail with a connection error.
  worker.on('error', (e) => logger.error(`embedded database failed: ${e.message}`));
  void exited.then(() => stopped ?? logger.error('embedded database stopped unexpectedly'));
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    stop: () =>
      (stopped ??= (async () => {
        worker.postMessage('stop');
        // PGlite flushes its files on close; give it time, then make sure the thread is gone.
        const timeout = setTimeout(() => void worker.terminate(), 30_000);
        await exited;
        clearTimeout(timeout);
      })()),
  };
}

function portError(host: string, port: number, cause: { code?: string; message?: string }): Error {
  const what = cause.code === 'EADDRINUSE' ? 'is already in use' : `cannot be bound (${cause.code ?? cause.message})`;
  return new Error(
    `Embedded database: port ${port} on ${host} ${what}. Set EMBEDDED_DB_PORT to a free port, or DATABASE_URL to use an external PostgreSQL.`,
    { cause },
  );
}
