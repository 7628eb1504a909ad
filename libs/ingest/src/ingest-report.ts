import type { IngestStatsSnapshot, IngestTotals } from '@tianyan/contracts';

/**
 * Where a separate ingest worker leaves its counters for the api (production's split topology):
 * one Redis key per worker, `<prefix><MQTT client id>`, rewritten every REPORT_EVERY_MS and
 * expiring after INGEST_REPORT_TTL_MS, so a worker that died unannounced drops out on its own.
 */
export const INGEST_REPORT_PREFIX = 'tianyan:ingest:report:';
export const INGEST_REPORT_EVERY_MS = 250;
export const INGEST_REPORT_TTL_MS = 15_000;

/**
 * ioredis options of both ends of the reports (worker and api): connect on first use, fail a call
 * after one retry (a report is redone in 250 ms, a read answers 503), and end a socket that is gone
 * already at once on shutdown: ioredis otherwise keeps a 2 s timer for a connection that was refused.
 */
export const INGEST_REPORT_REDIS_OPTIONS = { lazyConnect: true, maxRetriesPerRequest: 1, disconnectTimeout: 100 } as const;

export interface IngestReport {
  /** The worker's MQTT client id (one per replica: MQTT_CLIENT_ID with `{hostname}`). */
  worker: string;
  /** Epoch ms the report was written. */
  at: number;
  connected: boolean;
  stats: IngestStatsSnapshot;
}

/**
 * The api's view of all workers: counters summed; the broker's drop count is the broker's, not a
 * worker's, so the highest any worker saw; the last batch is the newest report's. A worker's counters
 * restart with its process, so a restarted worker lowers the sums.
 */
export function combineIngestReports(reports: IngestReport[]): IngestTotals {
  const newest = [...reports].sort((a, b) => b.at - a.at)[0];
  const sum = (pick: (s: IngestStatsSnapshot) => number) => reports.reduce((total, r) => total + pick(r.stats), 0);
  const dropped = reports.map((r) => r.stats.brokerDropped).filter((d): d is number => d !== null);
  const errors = reports.filter((r) => r.stats.lastError !== null).map((r) => `${r.worker}: ${r.stats.lastError}`);
  return {
    messagesReceived: sum((s) => s.messagesReceived),
    messagesCommitted: sum((s) => s.messagesCommitted),
    readingsStored: sum((s) => s.readingsStored),
    readingsDuplicate: sum((s) => s.readingsDuplicate),
    quarantined: sum((s) => s.quarantined),
    batchesCommitted: sum((s) => s.batchesCommitted),
    writeFailures: sum((s) => s.writeFailures),
    lastBatchSize: newest?.stats.lastBatchSize ?? 0,
    lastCommitMs: newest?.stats.lastCommitMs ?? 0,
    lastError: errors.length > 0 ? errors.join('; ') : null,
    connects: sum((s) => s.connects),
    brokerDropped: dropped.length > 0 ? Math.max(...dropped) : null,
    acksHeld: sum((s) => s.acksHeld),
    workers: reports.map((r) => ({ worker: r.worker, reportedAt: new Date(r.at).toISOString(), connected: r.connected })).sort((a, b) => a.worker.localeCompare(b.worker)),
  };
}
