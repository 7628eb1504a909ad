import type { DeviceKind, Stream } from '../device/topic';
import type { DeviceState } from '../device/status.schema';
import type { DeviceReading } from '../device/device-reading';

/** Connectivity as the server judges it: `offline` also when the device has been silent too long. */
export type DeviceConnectivity = DeviceState | 'unknown';

export interface DeviceSummary {
  id: string;
  kind: DeviceKind;
  /** The last reported status, or `offline` when no data arrived within the offline timeout. */
  state: DeviceConnectivity;
  online: boolean;
  firstSeen: string;
  lastSeen: string | null;
  /** Milliseconds since the newest device time stored, at the moment of the response. */
  dataAgeMs: number | null;
  batteryPct: number | null;
  firmware: string | null;
  autoProvisioned: boolean;
}

export interface LatestReadingsResponse {
  deviceId: string;
  readings: DeviceReading[];
}

export interface SeriesPoint {
  /** Bucket start (or reading time when raw), epoch ms. */
  t: number;
  value: number | null;
  min?: number | null;
  max?: number | null;
  count?: number;
}

/**
 * Where a series came from: raw readings, buckets computed from raw readings, or the 1-minute
 * rollups (TimescaleDB continuous aggregates) recombined into the requested buckets.
 */
export type SeriesSource = 'raw' | 'buckets' | 'rollup';

export interface SeriesResponse {
  deviceId: string;
  stream: Stream;
  field: string;
  from: string;
  to: string;
  /** Bucket width in ms, or null when raw readings are returned. */
  bucketMs: number | null;
  /** Optional so older servers' answers still parse; this server always sets it. */
  source?: SeriesSource;
  points: SeriesPoint[];
}

export interface QuarantineEntry {
  id: string;
  receivedAt: string;
  topic: string;
  deviceId: string | null;
  reason: string;
  /** Payload as UTF-8 text when it decodes, otherwise base64. */
  payload: string;
  payloadEncoding: 'utf8' | 'base64';
  payloadBytes: number;
  truncated: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * `GET /api/fleet/health`: per-device data-quality counters for the fleet health strip, one entry
 * per registered device (and per device id seen only in quarantine).
 */
export interface FleetHealthEntry {
  deviceId: string;
  /** Messages of the device held in quarantine (all time). */
  quarantined: number;
  /** Store-and-forward (late) readings with a device time in the last 24 h, all streams. */
  lateReadings: number;
  /** ISO time the newest quarantined message arrived, or null. */
  lastQuarantinedAt: string | null;
}

/** One ingest's counters since its process started. */
export interface IngestStatsSnapshot {
  messagesReceived: number;
  messagesCommitted: number;
  readingsStored: number;
  readingsDuplicate: number;
  quarantined: number;
  batchesCommitted: number;
  writeFailures: number;
  lastBatchSize: number;
  lastCommitMs: number;
  lastError: string | null;
  connects: number;
  /** Messages the broker discarded before they reached ingest (all clients, since it started); null on brokers without the count (aedes). */
  brokerDropped: number | null;
  acksHeld: number;
}

/**
 * `GET /api/ingest/stats` (viewer and up): the counters of every ingest — the one in this process, or
 * the separate workers that report through Redis (`workers`: each one's last report); 404 when there
 * is neither; 503 when the workers' Redis does not answer.
 */
export interface IngestTotals extends IngestStatsSnapshot {
  workers: { worker: string; reportedAt: string; connected: boolean }[];
}
