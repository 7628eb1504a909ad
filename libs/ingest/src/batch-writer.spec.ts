import type { DeviceReading } from '@tianyan/contracts';
import type { LiveBus } from '@tianyan/live';
import { BatchWriter, type BatchWriterOptions } from './batch-writer';
import { IngestStats } from './ingest-stats';
import { IngestStore, type IngestBatch, type IngestWriteResult, type KnownDevice } from './ingest-store';
import { PubackGate } from './puback-gate';
import { writesInFlight } from './mqtt-ingest.service';
import { fakeMqttClient } from './testing/fake-mqtt-client';

/** A store whose writes the test resolves or fails by hand, in any order. */
class ManualStore extends IngestStore {
  readonly writes: { batch: IngestBatch; commit(): void; fail(message: string): void }[] = [];
  override write(batch: IngestBatch): Promise<IngestWriteResult> {
    return new Promise((resolve, reject) => {
      this.writes.push({
        batch,
        commit: () => resolve({ inserted: batch.readings.length, duplicates: 0, quarantined: 0 }),
        fail: (message) => reject(new Error(message)),
      });
    });
  }
  override knownDevices(): Promise<KnownDevice[]> {
    return Promise.resolve([]);
  }
  /** Sequence numbers of the readings in write `i`. */
  seqs(i: number): number[] {
    return this.writes[i]!.batch.readings.map((r) => r.seq);
  }
}

const reading = (seq: number) => ({ seq, deviceId: 'd-1' }) as DeviceReading;
const settle = () => new Promise((r) => setImmediate(r));

function setup(options: Partial<BatchWriterOptions> = {}) {
  const store = new ManualStore();
  const published: number[][] = [];
  const bus = { publishReadings: (rs: DeviceReading[]) => published.push(rs.map((r) => r.seq)) } as unknown as LiveBus;
  const stats = new IngestStats();
  const writer = new BatchWriter(store, bus, stats, { batchMax: 1000, maxInFlight: 2, overlapMin: 3, retryMinMs: 1, retryMaxMs: 1, ...options });
  const { client, acked: sent, sendPuback } = fakeMqttClient();
  const gate = new PubackGate(client);
  /** One QoS 1 message as MqttIngestService handles it: hold its PUBACK, submit, let mqtt.js "send" the PUBACK. */
  const receive = (seq: number) => {
    const ack = gate.hold(seq);
    writer.submit({ readings: [reading(seq)], quarantine: [], devices: [] }, ack);
    sendPuback(seq);
  };
  return { store, writer, stats, sent, receive, published };
}

describe('BatchWriter with several writes in flight', () => {
  it('starts a second write only once enough messages wait, and acks in arrival order when the later batch commits first', async () => {
    const { store, writer, sent, receive, published } = setup();
    receive(1); // nothing in flight: written at once
    receive(2);
    receive(3);
    expect(store.writes).toHaveLength(1); // 2 messages wait, overlapMin is 3
    receive(4);
    expect(store.writes).toHaveLength(2);
    expect([store.seqs(0), store.seqs(1)]).toEqual([[1], [2, 3, 4]]);
    receive(5);
    expect(store.writes).toHaveLength(2); // both slots busy: 5 waits for the next batch
    expect(writer.pending).toBe(5);

    store.writes[1]!.commit();
    await settle();
    expect(sent).toEqual([]); // 2–4 committed, but 1 has not: nothing may leave
    expect(published).toEqual([]); // nor go live: the engine judges readings in arrival order
    expect(store.writes).toHaveLength(2); // a slot is free, but one message is not worth overlapping

    store.writes[0]!.commit();
    await settle();
    expect(sent).toEqual([1, 2, 3, 4]);
    expect(published).toEqual([[1], [2, 3, 4]]);
    expect(store.writes).toHaveLength(3); // nothing in flight: message 5 goes at once
    expect(store.seqs(2)).toEqual([5]);
    store.writes[2]!.commit();
    await settle();
    expect(sent).toEqual([1, 2, 3, 4, 5]);
    expect(writer.pending).toBe(0);
  });

  it('retries a failing middle batch with its acks held, while later batches commit behind it', async () => {
    const { store, writer, stats, sent, receive } = setup({ maxInFlight: 3, overlapMin: 1 });
    for (const seq of [1, 2, 3]) receive(seq); // three writes, one message each
    expect(store.writes.map((_, i) => store.seqs(i))).toEqual([[1], [2], [3]]);

    store.writes[0]!.commit();
    store.writes[1]!.fail('connection terminated (injected)');
    store.writes[2]!.commit();
    await settle();
    expect(sent).toEqual([1]); // 3 committed but waits behind 2
    expect(stats.writeFailures).toBe(1);

    await new Promise((r) => setTimeout(r, 10)); // the backoff
    expect(store.writes).toHaveLength(4);
    expect(store.seqs(3)).toEqual([2]); // the same batch again
    receive(4);
    await settle();
    expect(sent).toEqual([1]);

    store.writes[3]!.commit();
    await settle();
    expect(sent).toEqual([1, 2, 3]);
    store.writes[4]!.commit();
    await settle();
    expect(sent).toEqual([1, 2, 3, 4]);
    expect(stats.messagesCommitted).toBe(4);
    expect(writer.pending).toBe(0);
  });

  it('keeps one write in flight when asked to, batching everything that arrived meanwhile', async () => {
    const { store, receive, sent } = setup({ maxInFlight: 1, overlapMin: 1 });
    for (const seq of [1, 2, 3, 4]) receive(seq);
    expect(store.writes).toHaveLength(1);
    store.writes[0]!.commit();
    await settle();
    expect(store.seqs(1)).toEqual([2, 3, 4]);
    store.writes[1]!.commit();
    await settle();
    expect(sent).toEqual([1, 2, 3, 4]);
  });

  it('applies back-pressure on everything not committed, in flight included', async () => {
    const { store, writer, receive } = setup({ maxInFlight: 2, overlapMin: 1 });
    receive(1);
    receive(2);
    let resumed = false;
    void writer.waitBelow(2).then(() => (resumed = true));
    await settle();
    expect(resumed).toBe(false);
    store.writes[0]!.commit();
    await settle();
    expect(resumed).toBe(true);
  });

  it('stops with the acks of an unfinished write still held: the broker redelivers them', async () => {
    const { store, writer, receive, sent } = setup({ maxInFlight: 2, overlapMin: 1, retryMinMs: 5, retryMaxMs: 5 });
    receive(1);
    receive(2);
    store.writes[1]!.fail('database down');
    store.writes[0]!.commit();
    await writer.stop(20); // keeps retrying until the timeout
    const attempts = store.writes.length;
    expect(attempts).toBeGreaterThan(2);
    store.writes[attempts - 1]!.fail('still down');
    await new Promise((r) => setTimeout(r, 20));
    expect(store.writes).toHaveLength(attempts); // no retry after stop
    expect(sent).toEqual([1]);
  });

  it('runs one write per spare connection, at most two, and one on the embedded database', () => {
    expect([1, 2, 3, 4, 10].map(writesInFlight)).toEqual([1, 1, 2, 2, 2]);
  });
});

describe('BatchWriter linger', () => {
  afterEach(() => jest.useRealTimers());

  it('holds a first write until the oldest message waited lingerMs, then writes everything that came meanwhile', () => {
    jest.useFakeTimers();
    const { store, receive } = setup({ lingerMs: 50, overlapMin: 5 });
    receive(1);
    jest.advanceTimersByTime(30);
    receive(2);
    expect(store.writes).toHaveLength(0);
    jest.advanceTimersByTime(19);
    expect(store.writes).toHaveLength(0);
    jest.advanceTimersByTime(1); // message 1 has waited 50 ms
    expect(store.writes).toHaveLength(1);
    expect(store.seqs(0)).toEqual([1, 2]);
  });

  it('writes at once when overlapMin messages wait: a busy stream never lingers', () => {
    jest.useFakeTimers();
    const { store, receive } = setup({ lingerMs: 50, overlapMin: 3 });
    receive(1);
    receive(2);
    expect(store.writes).toHaveLength(0);
    receive(3);
    expect(store.writes).toHaveLength(1);
    expect(store.seqs(0)).toEqual([1, 2, 3]);
    jest.advanceTimersByTime(100); // the armed timer finds nothing to write
    expect(store.writes).toHaveLength(1);
  });

  it('lingers again after a commit for what arrived during it', async () => {
    const { store, receive, sent } = setup({ lingerMs: 20, overlapMin: 100, maxInFlight: 1 });
    receive(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(store.seqs(0)).toEqual([1]);
    receive(2);
    store.writes[0]!.commit();
    await settle();
    expect(sent).toEqual([1]);
    expect(store.writes).toHaveLength(1); // 2 waits for its own linger
    await new Promise((r) => setTimeout(r, 30));
    expect(store.seqs(1)).toEqual([2]);
  });

  it('does not linger on stop: what is queued is written at once', async () => {
    const { store, writer, receive, sent } = setup({ lingerMs: 10_000, overlapMin: 100 });
    receive(1);
    const stopped = writer.stop(1000);
    expect(store.writes).toHaveLength(1);
    store.writes[0]!.commit();
    await stopped;
    expect(sent).toEqual([1]);
  });
});
