import type { Logger } from '@nestjs/common';
import type { IngestStats } from './ingest-stats';

/**
 * Follows the broker's count of discarded messages (BROKER_DROPPED_TOPIC). A message Mosquitto drops
 * because a session queue is full was already acknowledged to its publisher and never reaches
 * ingest: without this, that loss would pass silently. Every increase is logged as an error and the
 * count is in the ingest stats. Brokers that do not publish the topic (aedes) leave it null.
 */
export class BrokerDropWatch {
  private last: number | null = null;

  constructor(
    private readonly stats: IngestStats,
    private readonly logger: Pick<Logger, 'error' | 'warn'>,
  ) {}

  accept(payload: Buffer): void {
    const count = Number(payload.toString('utf8'));
    if (!Number.isSafeInteger(count) || count < 0) {
      this.logger.warn(`the broker's drop count is not a count: ${JSON.stringify(payload.toString('utf8').slice(0, 40))}`);
      return;
    }
    if (this.last === null && count > 0) {
      this.logger.warn(`the broker has dropped ${count} messages since it started (all clients)`);
    } else if (this.last !== null && count > this.last) {
      this.logger.error(
        `the broker dropped ${count - this.last} more messages (${count} since it started, all clients): a session queue is full, ` +
          'readings may be lost before they reach ingest; raise max_queued_messages or add ingest capacity',
      );
    }
    this.last = count;
    this.stats.brokerDropped = count;
  }
}
