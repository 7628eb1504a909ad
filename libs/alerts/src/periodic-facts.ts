import type { DeviceKind } from '@tianyan/contracts';

export interface DeviceLiveness {
  deviceId: string;
  kind: DeviceKind;
  /** Server receive time (ms) of its newest message, null if never. */
  lastSeenAt: number | null;
  /** Last reported status state. */
  state: string | null;
}

/** What the periodic checks (offline, quarantine rate) need from the outside world. */
export interface PeriodicFacts {
  now: number;
  devices: readonly DeviceLiveness[];
  /** Quarantined messages per device id, per window length in seconds (keys = quarantineWindowsS()). */
  quarantined: ReadonlyMap<number, ReadonlyMap<string, number>>;
}
