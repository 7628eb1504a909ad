import { Logger } from '@nestjs/common';
import type { LiveBus } from '@tianyan/live';
import type { IngestBatch, IngestStore, IngestWriteResult } from './ingest-store';
import type { PendingAck } from './puback-gate';
import type { IngestStats } from './ingest-stats';

interface QueuedMessage {
  batch: IngestBatch;
  ack: PendingAck | null;
}

export interface BatchWriterOptions {
  /** Most readings + quarantine records written in one transaction. */
  batchMax: number;
  retryMinMs?: number;
  retryMaxMs?: number;
}

/**
 * Writes what arrives while the previous write is in flight as one transaction, then releases those
 * messages' acknowledgements and publishes the readings live. Batches grow with load by themselves:
 * one write in flight, everything that came meanwhile goes into the next.
 * A failed write is retried with backoff and keeps its acknowledgements held, so nothing is lost.
 */
export class BatchWriter {
  private readonly logger = new Logger(BatchWriter.name);
  private queue: QueuedMessage[] = [];
  private draining: Promise<void> | null = null;
  private stopped = false;
  private drainedWaiters: (() => void)[] = [];

  constructor(
    private readonly store: IngestStore,
    private readonly bus: LiveBus,
    private readonly stats: IngestStats,
    private readonly options: BatchWriterOptions,
  ) {}

  submit(batch: IngestBatch, ack: PendingAck | null): void {
    this.queue.push({ batch, ack });
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  /** Messages received but not yet committed. */
  get pending(): number {
    return this.queue.length;
  }

  /** Resolves once fewer than `limit` messages wait: how ingest applies back-pressure. */
  waitBelow(limit: number): Promise<void> {
    if (this.queue.length < limit) return Promise.resolve();
    return new Promise((resolve) => this.drainedWaiters.push(resolve));
  }

  /** Waits for queued messages to commit (at most `timeoutMs`), then stops retrying. */
  async stop(timeoutMs = 5000): Promise<void> {
    if (this.stopped) return;
    const done = this.draining ?? Promise.resolve();
    await Promise.race([done, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    this.stopped = true;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      const taken = this.take();
      const batch = merge(taken);
      const started = Date.now();
      const result = await this.writeWithRetry(batch);
      if (!result) return;
      this.stats.batchesCommitted++;
      this.stats.messagesCommitted += taken.length;
      this.stats.lastBatchSize = taken.length;
      this.stats.lastCommitMs = Date.now() - started;
      this.stats.readingsStored += result.inserted;
      this.stats.readingsDuplicate += result.duplicates;
      this.stats.quarantined += result.quarantined;
      for (const message of taken) message.ack?.release();
      this.bus.publishReadings(batch.readings);
      this.wakeWaiters();
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
