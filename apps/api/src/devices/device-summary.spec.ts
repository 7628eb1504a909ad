import type { DeviceRow } from '@tianyan/storage';
import { toDeviceSummary } from './device-summary';

const now = Date.UTC(2026, 10, 23, 8, 0, 0);
const row = (overrides: Partial<DeviceRow> = {}): DeviceRow => ({
  id: 'drone-01', kind: 'drone', firstSeen: now - 3600_000, lastSeen: now - 2000, lastReceivedAt: now - 1000,
  state: null, stateAt: null, batteryPct: 71, firmware: '1.2', autoProvisioned: true, enabled: true, ...overrides,
});

describe('toDeviceSummary', () => {
  it('is online with its data age when data arrived recently', () => {
    expect(toDeviceSummary(row(), now, 60_000)).toMatchObject({ state: 'online', online: true, dataAgeMs: 2000, lastSeen: new Date(now - 2000).toISOString() });
  });
  it('is offline when silent beyond the timeout, whatever its last status said', () => {
    expect(toDeviceSummary(row({ state: 'online', lastReceivedAt: now - 61_000 }), now, 60_000)).toMatchObject({ state: 'offline', online: false });
  });
  it('is offline when its last will said so', () => {
    expect(toDeviceSummary(row({ state: 'offline' }), now, 60_000)).toMatchObject({ state: 'offline', online: false });
  });
  it('reports maintenance and calibration as they are', () => {
    expect(toDeviceSummary(row({ state: 'calibration' }), now, 60_000)).toMatchObject({ state: 'calibration', online: true });
  });
  it('has no data age before its first reading', () => {
    expect(toDeviceSummary(row({ lastSeen: null, lastReceivedAt: null }), now, 60_000)).toMatchObject({ state: 'offline', dataAgeMs: null });
  });
});
