import mqtt from 'mqtt';
import { LeanPublisher } from './lean-publisher';
import type { BenchMessage } from './message-mix';

export type BrokerLogin = { username: string; password: string } | undefined;

/** What the benches need of a publishing client: QoS 1 publish with a completion callback. */
export interface Publisher {
  publish(topic: string, payload: string, opts: { qos: 1 }, done: (err?: Error) => void): void;
  endAsync(force?: boolean): Promise<void>;
}

/** `mqttjs`: mqtt.js clients (bench:ingest's references are defined with them); `lean`: LeanPublisher, for paced load. */
export type PublisherKind = 'mqttjs' | 'lean';

export function connectPublishers(count: number, mqttUrl: string, login: BrokerLogin, name = 'pub', kind: PublisherKind = 'mqttjs'): Promise<Publisher[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i): Promise<Publisher> => {
      const clientId = `bench-${name}-${i}-${process.pid}`;
      return kind === 'lean' ? LeanPublisher.connect(mqttUrl, login, clientId) : mqtt.connectAsync(mqttUrl, { clientId, protocolVersion: 4, ...login });
    }),
  );
}

export function publisherKind(value: string | undefined): PublisherKind {
  if (value === 'mqttjs' || value === 'lean') return value;
  throw new Error(`--publisher: lean or mqttjs (got ${value})`);
}

const QOS1 = { qos: 1 } as const;

/**
 * Publishes every message as fast as the broker acknowledges: each client keeps up to `window`
 * messages unacknowledged. A counter and one waiter, not Promise.race over the in-flight set: that
 * costs O(window) per message, and the load generator shares the machine with the system under test.
 * `publishedAt[i]` gets the publish time of message i (also stamped into its payload as `ts`).
 */
export async function publishAll(clients: Publisher[], messages: BenchMessage[], window: number, publishedAt?: Float64Array): Promise<void> {
  let next = 0;
  await Promise.all(
    clients.map(
      (client) =>
        new Promise<void>((done, fail) => {
          let inFlight = 0;
          let finished = false;
          const pump = (): void => {
            while (inFlight < window && next < messages.length) {
              const i = next++;
              const m = messages[i]!;
              const now = Date.now();
              if (publishedAt) publishedAt[i] = now;
              inFlight++;
              client.publish(m.topic, `{"ts":${now},${m.rest}`, QOS1, onAck);
            }
            if (inFlight === 0 && next >= messages.length && !finished) {
              finished = true;
              done();
            }
          };
          const onAck = (err?: Error): void => {
            inFlight--;
            if (err) fail(err);
            // Refill in bulk: waking per acknowledgement would interleave single publishes with reads.
            else if (inFlight <= window / 2 || next >= messages.length) pump();
          };
          pump();
        }),
    ),
  );
}

export interface PacedResult {
  published: number;
  payloadBytes: number;
  seconds: number;
  /** Messages/s actually published (acknowledged by the broker) over the run. */
  achievedPerSecond: number;
}

export interface PacedOptions {
  /** Target messages/s over all clients. */
  rate: number;
  durationMs: number;
  /** Unacknowledged messages per client before it waits (the publisher falls behind the target then). */
  window?: number;
  /** Publish time of the n-th message published (sized by the caller; later ones are not recorded). */
  publishedAt?: Float64Array;
  /** Called every `everyMs` while running (sampling). */
  onTick?: (published: number, payloadBytes: number) => void;
  everyMs?: number;
}

/**
 * Publishes the mix in a loop at a target rate (ts = now, so a payload carries its publish time).
 * Every 5 ms it publishes what is due; a client that has `window` messages unacknowledged waits, so
 * when the broker or the machine cannot keep up the achieved rate drops below the target (and is
 * not made up later).
 * Readings are keyed (device, time, seq): with ts = now a repeated template is a new reading.
 */
export async function publishPaced(clients: Publisher[], messages: BenchMessage[], opts: PacedOptions): Promise<PacedResult> {
  const window = opts.window ?? 1000;
  const inFlight = clients.map(() => 0);
  let sent = 0;
  let acked = 0;
  let payloadBytes = 0;
  let failure: Error | undefined;
  const t0 = Date.now();
  const end = t0 + opts.durationMs;
  let lastTick = t0;
  let lastStep = t0;
  let owed = 0;
  await new Promise<void>((done) => {
    const step = (): void => {
      const now = Date.now();
      if (failure || now >= end) {
        clearInterval(timer);
        return done();
      }
      // What is owed since the last step, capped at 50 ms worth: a publisher that fell behind (machine
      // busy, window full) resumes at the target rate instead of bursting to make up the deficit.
      owed = Math.min(owed + (opts.rate * (now - lastStep)) / 1000, opts.rate * 0.05 + 1);
      lastStep = now;
      for (; owed >= 1; owed--) {
        const c = sent % clients.length;
        if (inFlight[c]! >= window) break;
        const m = messages[sent % messages.length]!;
        const payload = `{"ts":${now},${m.rest}`;
        if (opts.publishedAt && sent < opts.publishedAt.length) opts.publishedAt[sent] = now;
        payloadBytes += Buffer.byteLength(payload);
        inFlight[c]!++;
        sent++;
        clients[c]!.publish(m.topic, payload, QOS1, (err?: Error) => {
          inFlight[c]!--;
          acked++;
          if (err) failure = err;
        });
      }
      if (opts.onTick && now - lastTick >= (opts.everyMs ?? 10_000)) {
        lastTick = now;
        opts.onTick(sent, payloadBytes);
      }
    };
    const timer = setInterval(step, 5);
  });
  // Wait for the broker's acknowledgements of what was sent (bounded: a stuck broker is a failure).
  const deadline = Date.now() + 60_000;
  while (acked < sent && !failure && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  if (failure) throw failure;
  const seconds = (Date.now() - t0) / 1000;
  return { published: sent, payloadBytes, seconds, achievedPerSecond: Math.round(sent / Math.min(seconds, opts.durationMs / 1000)) };
}
