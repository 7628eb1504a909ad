import type { DeviceSummary } from '@tianyan/contracts';
import type { DeviceRow } from '@tianyan/storage';

/**
 * The server's judgement of a device: offline when its last status says so or when nothing arrived
 * within the offline timeout (a dead link sends no last will in time, or ever).
 */
export function toDeviceSummary(row: DeviceRow, now: number, offlineAfterMs: number): DeviceSummary {
  const fresh = row.lastReceivedAt !== null && now - row.lastReceivedAt <= offlineAfterMs;
  const state = !fresh ? 'offline' : (row.state ?? 'online');
  return {
    id: row.id,
    kind: row.kind,
    state,
    online: fresh && state !== 'offline',
    firstSeen: new Date(row.firstSeen).toISOString(),
    lastSeen: row.lastSeen === null ? null : new Date(row.lastSeen).toISOString(),
    dataAgeMs: row.lastSeen === null ? null : Math.max(0, now - row.lastSeen),
    batteryPct: row.batteryPct,
    firmware: row.firmware,
    autoProvisioned: row.autoProvisioned,
  };
}
