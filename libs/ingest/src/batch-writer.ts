import { Logger } from '@nestjs/common';
import type { DeviceReading } from '@tianyan/contracts';
import type { LiveBus } from '@tianyan/live';
import type { IngestBatch, IngestStore, IngestWriteResult } from './ingest-store';
import type { PendingAck } from './puback-gate';
import type { IngestStats } from './ingest-stats';

interface QueuedMessage {
  batch: IngestBatch;
  ack: PendingAck | null;
  /** When it was queued (ms), for the linger. */
  at: number;
}

export interface BatchWriterOptions {
  /** Most readings + quarantine records written in one transaction. */
  batchMax: number;
  /**
   * Writes in flight at once, each its own transaction on its own connection (default 1). More than
   * one lets the next batch's encoding and round trips overlap the database work of the previous one;
   * acknowledgements still leave in arrival order (PubackGate). The embedded database has one
   * connection: keep 1 there.
   */
  maxInFlight?: number;
  /**
   * While a write is in flight, another starts only once this many messages wait (default
   * `batchMax / 10`): a stream of tiny overlapping transactions would cost more than it hides.
   */
  overlapMin?: number;
  /**
   * With no write in flight and fewer than `overlapMin` messages waiting, a write starts only once
   * the oldest has waited this long (default 0: at once). At moderate rates this trades a few ms of
   * commit latency for fewer, larger transactions: every batch pays round trips, socket writes and
   * the devices' bookkeeping whatever its size. Live readings leave before the commit (ADR 0007).
   */
  lingerMs?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
}

/**
 * Writes what arrives while earlier writes are in flight as one transaction, then releases those
 * messages' acknowledgements and publishes the readings live. Batches grow with load by themselves:
 * when every write slot is busy, everything that comes meanwhile goes into the next.
 * A failed write is retried with backoff and keeps its acknowledgements held, so nothing is lost;
 * with several writes in flight, later batches may commit first, but their acknowledgements wait in
 * the gate until every earlier message's went out. Live readings go out in the same order: a later
 * batch that committed first waits for the earlier ones, so the rules engine and the situation
 * picture judge each device's readings in arrival order (a late frame is skipped, not reordered).
 */
export class BatchWriter {
  private readonly logger = new Logger(BatchWriter.name);
  private readonly maxInFlight: number;
  private readonly overlapMin: number;
  private readonly lingerMs: number;
  private lingerTimer: NodeJS.Timeout | null = null;
  /** Set by stop(): what is queued goes at once. */
  private draining = false;
  private queue: QueuedMessage[] = [];
  private writesInFlight = 0;
  private messagesInFlight = 0;
  private stopped = false;
  private drainedWaiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];
  /** Batches are numbered as taken; committed ones wait here until every earlier one went live. */
  private nextBatch = 0;
  private nextToPublish = 0;
  private readonly toPublish = new Map<number, DeviceReading[] | null>();

  constructor(
    private readonly store: IngestStore,
    private readonly bus: LiveBus,
    private readonly stats: IngestStats,
    private readonly options: BatchWriterOptions,
  ) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 1);
    this.overlapMin = Math.max(1, options.overlapMin ?? Math.ceil(options.batchMax / 10));
    this.lingerMs = Math.max(0, options.lingerMs ?? 0);
  }

  submit(batch: IngestBatch, ack: PendingAck | null): void {
    this.queue.push({ batch, ack, at: this.lingerMs > 0 ? Date.now() : 0 });
    this.pump();
  }

  /** Messages received but not yet committed (waiting or being written). */
  get pending(): number {
    return this.queue.length + this.messagesInFlight;
  }

  /** Writes under way. */
  get inFlight(): number {
    return this.writesInFlight;
  }

  /** Resolves once fewer than `limit` messages are pending: how ingest applies back-pressure. */
  waitBelow(limit: number): Promise<void> {
    if (this.pending < limit) return Promise.resolve();
    return new Promise((resolve) => this.drainedWaiters.push(resolve));
  }

  /** Waits for queued messages to commit (at most `timeoutMs`), then stops retrying. */
  async stop(timeoutMs = 5000): Promise<void> {
    if (this.stopped) return;
    this.draining = true;
    this.pump();
    const idle = this.queue.length === 0 && this.writesInFlight === 0 ? Promise.resolve() : new Promise<void>((r) => this.idleWaiters.push(r));
    await Promise.race([idle, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    this.stopped = true;
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
  }

  /** Starts writes while slots are free and there is something worth writing. */
  private pump(): void {
    while (!this.stopped && this.queue.length > 0 && this.writesInFlight < this.maxInFlight) {
      if (this.writesInFlight > 0 && this.queue.length < this.overlapMin) break;
      if (this.lingering()) break;
      const taken = this.take();
      this.writesInFlight++;
      this.messagesInFlight += taken.length;
      const seq = this.nextBatch++;
      void this.writeBatch(taken, seq).finally(() => {
        this.writesInFlight--;
        this.messagesInFlight -= taken.length;
        this.pump();
        this.wakeWaiters();
      });
    }
    if (this.queue.length === 0 && this.writesInFlight === 0) {
      const idle = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of idle) wake();
    }
  }

  /** True while the first write waits for more messages; arms the timer that ends the wait. */
  private lingering(): boolean {
    if (this.lingerMs === 0 || this.draining || this.queue.length >= this.overlapMin) return false;
    const wait = this.queue[0]!.at + this.lingerMs - Date.now();
    if (wait <= 0) return false;
    this.lingerTimer ??= setTimeout(() => {
      this.lingerTimer = null;
      this.pump();
    }, wait);
    return true;
  }

  private async writeBatch(taken: QueuedMessage[], seq: number): Promise<void> {
    let live: DeviceReading[] | null = null;
    try {
      live = await this.commitBatch(taken);
    } finally {
      this.publishInOrder(seq, live);
    }
  }

  /** The batch's readings once committed and acknowledged; null when stopped first. */
  private async commitBatch(taken: QueuedMessage[]): Promise<DeviceReading[] | null> {
    const batch = merge(taken);
    const started = Date.now();
    const result = await this.writeWithRetry(batch);
    if (!result) return null; // stopped: the acknowledgements stay held, the broker redelivers
    this.stats.batchesCommitted++;
    this.stats.messagesCommitted += taken.length;
    this.stats.lastBatchSize = taken.length;
    this.stats.lastCommitMs = Date.now() - started;
    this.stats.readingsStored += result.inserted;
    this.stats.readingsDuplicate += result.duplicates;
    this.stats.quarantined += result.quarantined;
    for (const message of taken) message.ack?.release();
    return batch.readings;
  }

  private publishInOrder(seq: number, readings: DeviceReading[] | null): void {
    this.toPublish.set(seq, readings);
    while (this.toPublish.has(this.nextToPublish)) {
      const next = this.toPublish.get(this.nextToPublish);
      this.toPublish.delete(this.nextToPublish++);
      if (!next) continue;
      try {
        this.bus.publishReadings(next);
      } catch (err) {
        // Stored and acknowledged already: a failing live subscriber must not stop ingest.
        this.logger.error(`publishing ${next.length} readings live failed: ${(err as Error).message}`);
      }
    }
  }

  private take(): QueuedMessage[] {
    let size = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || size < this.options.batchMax)) {
      const { batch } = this.queue[count]!;
      size += batch.readings.length + batch.quarantine.length;
      count++;
    }
    return this.queue.splice(0, count);
  }

  private async writeWithRetry(batch: IngestBatch): Promise<IngestWriteResult | null> {
    const minMs = this.options.retryMinMs ?? 100;
    const maxMs = this.options.retryMaxMs ?? 5000;
    for (let attempt = 0; ; attempt++) {
      if (this.stopped) return null;
      try {
        const result = await this.store.write(batch);
        if (attempt > 0) this.logger.log(`write succeeded after ${attempt} retries`);
        this.stats.lastError = null;
        return result;
      } catch (err) {
        this.stats.writeFailures++;
        this.stats.lastError = (err as Error).message;
        const delay = Math.min(maxMs, minMs * 2 ** attempt);
        this.logger.error(`write of ${batch.readings.length} readings failed (attempt ${attempt + 1}), retrying in ${delay} ms: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  private wakeWaiters(): void {
    const waiters = this.drainedWaiters;
    this.drainedWaiters = [];
    for (const wake of waiters) wake();
  }
}

function merge(messages: QueuedMessage[]): IngestBatch {
  if (messages.length === 1) return messages[0]!.batch;
  const merged: IngestBatch = { readings: [], quarantine: [], devices: [] };
  for (const { batch } of messages) {
    for (const r of batch.readings) merged.readings.push(r);
    for (const q of batch.quarantine) merged.quarantine.push(q);
    for (const d of batch.devices) merged.devices.push(d);
  }
  return merged;
}
