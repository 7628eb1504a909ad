import type { DeviceReading } from '@tianyan/contracts';

export type ReadingsListener = (readings: DeviceReading[]) => void;

/**
 * Where ingest and the Socket.IO gateway meet: ingest publishes readings once they are committed,
 * the gateway listens. Neither knows the other. In-process in embedded mode, Redis pub/sub when
 * ingest and api run as separate processes.
 */
export abstract class LiveBus {
  abstract publishReadings(readings: DeviceReading[]): void;
  /** Returns a function that removes the listener. */
  abstract onReadings(listener: ReadingsListener): () => void;
  abstract close(): Promise<void>;
}
