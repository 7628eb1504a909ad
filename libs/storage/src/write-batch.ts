import type { DeviceKind, DeviceReading } from '@tianyan/contracts';

/** A message (or one element of it) that did not become a reading, kept with its raw bytes. */
export interface QuarantineRecord {
  /** Server receive time, epoch ms. */
  receivedAt: number;
  topic: string;
  deviceId: string | null;
  kind: string | null;
  channel: string | null;
  reason: string;
  payload: Uint8Array;
}

/** A device ingest has seen; inserted if missing, never changed if present. */
export interface DeviceUpsert {
  id: string;
  kind: DeviceKind;
  autoProvisioned: boolean;
}

export interface WriteBatch {
  readings: DeviceReading[];
  quarantine: QuarantineRecord[];
  devices: DeviceUpsert[];
}

/** A reading the database refused (data error), moved to quarantine in the same transaction. */
export interface RejectedReading {
  reading: DeviceReading;
  reason: string;
}

export interface WriteResult {
  /** Readings stored by this call. */
  inserted: number;
  /** Readings already stored (same device, seq and time): at-least-once redelivery. */
  duplicates: number;
  /** Quarantine rows written: the batch's own plus the rejected readings. */
  quarantined: number;
  rejected: RejectedReading[];
}
