import type { DeviceReading } from '@tianyan/contracts';

export type ReadingsListener = (readings: DeviceReading[]) => void;

/**
 * Where ingest and its consumers meet; neither knows the other. In-process in embedded mode, Redis
 * pub/sub when ingest and api run as separate processes. Two streams of the same readings:
 * - **received**: validated, not yet stored — what screens show at once (ADR 0007). Durability is
 *   the PUBACK's business: a reading shown here is stored shortly after, or redelivered by the broker.
 * - **committed** (`publishReadings`/`onReadings`): stored, in arrival order — what the rules engine
 *   and the situation picture judge, so an alert never points at a reading that is not in the database.
 */
export abstract class LiveBus {
  abstract publishReceived(readings: DeviceReading[]): void;
  /** Returns a function that removes the listener. */
  abstract onReceived(listener: ReadingsListener): () => void;
  abstract publishReadings(readings: DeviceReading[]): void;
  /** Returns a function that removes the listener. */
  abstract onReadings(listener: ReadingsListener): () => void;
  abstract close(): Promise<void>;
}
