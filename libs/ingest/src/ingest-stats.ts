import type { IngestStatsSnapshot } from '@tianyan/contracts';

/** Counters of the ingest path, for /health, the API and the benchmarks. */
export class IngestStats {
  messagesReceived = 0;
  /** Messages whose batch committed (stored, duplicate or quarantined): what the broker may forget. */
  messagesCommitted = 0;
  readingsStored = 0;
  /** Redelivered readings that were already stored. */
  readingsDuplicate = 0;
  quarantined = 0;
  batchesCommitted = 0;
  writeFailures = 0;
  lastBatchSize = 0;
  lastCommitMs = 0;
  lastError: string | null = null;
  /** Broker connections made (1 + reconnects): a climbing count under load means keepalives are missed. */
  connects = 0;
  /**
   * The broker's own count of messages it discarded (all clients, since it started; Mosquitto only,
   * null until it reports): a loss ingest cannot see otherwise (BrokerDropWatch).
   */
  brokerDropped: number | null = null;
  /** PUBACKs held back right now: waiting for their batch's commit or an earlier message's PUBACK. */
  heldAcks: () => number = () => 0;

  snapshot(): IngestStatsSnapshot {
    const { heldAcks, ...counters } = this;
    return { ...counters, acksHeld: heldAcks() };
  }
}
