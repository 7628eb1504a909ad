import type { DeviceReading } from '@tianyan/contracts';

/**
 * Where a replay page ended, in the replay order (time, device_id, stream, seq). `{ time }` alone
 * means "after everything at `time`": where a seek or a finished time range continues from.
 */
export interface ReplayCursor {
  time: number;
  key?: { deviceId: string; stream: string; seq: number };
}

export function cursorOf(r: DeviceReading): ReplayCursor {
  return { time: r.time, key: { deviceId: r.deviceId, stream: r.stream, seq: r.seq } };
}

/**
 * The replay order. Ids and streams compare by code unit, as `COLLATE "C"` does in SQL: the
 * database's own collation (en_US on many PostgreSQL installs) would order them differently.
 */
export function compareReplayOrder(a: DeviceReading, b: DeviceReading): number {
  if (a.time !== b.time) return a.time - b.time;
  if (a.deviceId !== b.deviceId) return a.deviceId < b.deviceId ? -1 : 1;
  if (a.stream !== b.stream) return a.stream < b.stream ? -1 : 1;
  return a.seq - b.seq;
}
