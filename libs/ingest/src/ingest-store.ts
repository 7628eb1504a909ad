import type { DeviceKind, DeviceReading, DeviceState } from '@tianyan/contracts';
import type { DeviceUpsert, QuarantineRecord } from '@tianyan/storage';

/** One committed unit of ingest work: everything parsed from a run of MQTT messages. */
export interface IngestBatch {
  readings: DeviceReading[];
  quarantine: QuarantineRecord[];
  devices: DeviceUpsert[];
}

export interface IngestWriteResult {
  inserted: number;
  duplicates: number;
  /** Quarantine rows written: the batch's own plus readings the database refused. */
  quarantined: number;
}

export interface KnownDevice {
  id: string;
  kind: DeviceKind;
  state: DeviceState | null;
  enabled: boolean;
}

/** The storage ingest needs, as a port: the real one is @tianyan/storage, tests inject faults. */
export abstract class IngestStore {
  /** Writes the batch in one transaction; resolves once committed. Idempotent per reading. */
  abstract write(batch: IngestBatch): Promise<IngestWriteResult>;
  abstract knownDevices(): Promise<KnownDevice[]>;
}
