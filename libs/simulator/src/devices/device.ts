import type { DeviceKind } from '@tianyan/contracts';
import type { DeviceState } from '@tianyan/contracts';

/** What a device hands its radio: one channel's fields, without the envelope (ts, seq, drill). */
export interface DeviceOutput {
  channel: 'telemetry' | 'thermal' | 'survey' | 'identification' | 'inspection' | 'status';
  body: Record<string, unknown>;
  /** A smaller form to keep in the store-and-forward buffer (a thermal summary without its frame). */
  bufferBody?: Record<string, unknown>;
  /** Device time of the reading if it differs from the tick time (a GC-MS result reports its sampling time). */
  atMs?: number;
}

export interface StatusBody {
  state: DeviceState;
  batteryPct?: number;
  firmware: string;
  note?: string;
}

/**
 * A simulated field device, stepped on a virtual clock (ms since scenario start). The scenario calls
 * `tick()` when `nextAtMs` comes; the device then moves its state on and says what it measured.
 */
export interface SimDevice {
  readonly id: string;
  readonly kind: DeviceKind;
  nextAtMs: number;
  tick(): DeviceOutput[];
  /** Status fields for the first message after (re)connecting and for the last will. */
  status(): StatusBody;
}
