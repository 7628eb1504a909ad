import type { IngestStatsSnapshot } from '@tianyan/contracts';
import { combineIngestReports, type IngestReport } from './ingest-report';

const stats = (over: Partial<IngestStatsSnapshot>): IngestStatsSnapshot => ({
  messagesReceived: 0, messagesCommitted: 0, readingsStored: 0, readingsDuplicate: 0, quarantined: 0, batchesCommitted: 0,
  writeFailures: 0, lastBatchSize: 0, lastCommitMs: 0, lastError: null, connects: 1, brokerDropped: null, acksHeld: 0, ...over,
});
const report = (worker: string, at: number, over: Partial<IngestStatsSnapshot>, connected = true): IngestReport => ({ worker, at, connected, stats: stats(over) });

describe('combineIngestReports', () => {
  it('sums the workers, takes the newest last batch and the broker-wide drop count once', () => {
    const totals = combineIngestReports([
      report('ingest-b', 2_000, { messagesReceived: 70, messagesCommitted: 60, readingsStored: 58, quarantined: 2, batchesCommitted: 3, lastBatchSize: 20, lastCommitMs: 9, brokerDropped: 5, acksHeld: 10 }),
      report('ingest-a', 1_000, { messagesReceived: 30, messagesCommitted: 30, readingsStored: 29, readingsDuplicate: 1, batchesCommitted: 2, lastBatchSize: 15, lastCommitMs: 40, brokerDropped: 4, connects: 2 }, false),
    ]);
    expect(totals).toMatchObject({
      messagesReceived: 100, messagesCommitted: 90, readingsStored: 87, readingsDuplicate: 1, quarantined: 2, batchesCommitted: 5,
      lastBatchSize: 20, lastCommitMs: 9, connects: 3, brokerDropped: 5, acksHeld: 10, lastError: null,
    });
    expect(totals.workers).toEqual([
      { worker: 'ingest-a', reportedAt: new Date(1_000).toISOString(), connected: false },
      { worker: 'ingest-b', reportedAt: new Date(2_000).toISOString(), connected: true },
    ]);
  });

  it('names the worker of each error and keeps the drop count null where no broker reports one', () => {
    const totals = combineIngestReports([report('w1', 1, { lastError: 'database down' }), report('w2', 2, {})]);
    expect(totals.lastError).toBe('w1: database down');
    expect(totals.brokerDropped).toBeNull();
  });

  it('is all zero with no worker reporting', () => {
    expect(combineIngestReports([])).toMatchObject({ messagesCommitted: 0, lastBatchSize: 0, brokerDropped: null, workers: [] });
  });
});
