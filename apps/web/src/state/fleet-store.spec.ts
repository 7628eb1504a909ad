import type { DeviceSummary } from '@tianyan/contracts';
import { FleetStore, type StoreTopic } from './fleet-store';
import { droneReading, msReading, obdReading, statusReading } from '../testing/reading-fixtures';

const NOW = 1_750_000_000_000;

function summary(o: Partial<DeviceSummary> & Pick<DeviceSummary, 'id' | 'kind'>): DeviceSummary {
  return {
    state: 'online', online: true, firstSeen: '2025-01-01T00:00:00Z', lastSeen: null, dataAgeMs: 2000,
    batteryPct: 80, firmware: '1.0.0', autoProvisioned: false, ...o,
  };
}

function makeStore(): FleetStore {
  return new FleetStore({ seriesCapacity: 100, trackCapacity: 3, rateWindowSeconds: 2 });
}

describe('FleetStore', () => {
  it('takes the device list, turning data ages into device times, sorted by kind then id', () => {
    const store = makeStore();
    store.applySummaries(
      [summary({ id: 'OBD-01', kind: 'obd' }), summary({ id: 'UAV-02', kind: 'drone', dataAgeMs: null }), summary({ id: 'UAV-01', kind: 'drone' }), summary({ id: 'MS-01', kind: 'ms', online: false, state: 'offline' })],
      NOW,
    );
    expect(store.devices().map((d) => d.id)).toEqual(['UAV-01', 'UAV-02', 'MS-01', 'OBD-01']);
    expect(store.device('UAV-01')!.lastDataTime).toBe(NOW - 2000);
    expect(store.device('UAV-02')!.lastDataTime).toBeNull();
    expect(store.onlineCount()).toBe(3);
  });

  it('creates devices from live readings and tracks position, battery and series', () => {
    const store = makeStore();
    store.applyReadings([droneReading({ time: NOW, data: { lat: 30.6, lon: 114.2, batteryPct: 70 } })], { live: true, now: NOW });
    const d = store.device('UAV-01')!;
    expect(d.kind).toBe('drone');
    expect(d.online).toBe(true);
    expect(d.batteryPct).toBe(70);
    expect(d.position).toEqual({ lat: 30.6, lon: 114.2, time: NOW, late: false });
    expect(store.seriesOf('UAV-01', 'relAltM').points).toEqual([{ t: NOW, v: 85 }]);
    expect(store.totalReadings).toBe(1);
  });

  it('never lets a late reading become "now" when newer data exists', () => {
    const store = makeStore();
    store.applyReadings([droneReading({ time: NOW, data: { lat: 30.6, lon: 114.2 } })], { live: true, now: NOW });
    store.applyReadings([droneReading({ time: NOW - 60_000, late: true, data: { lat: 1, lon: 2, relAltM: 5 } })], { live: true, now: NOW + 10 });
    const d = store.device('UAV-01')!;
    expect(d.lastDataTime).toBe(NOW);
    expect(d.lastLate).toBe(false);
    expect(d.position!.lat).toBe(30.6);
    expect(store.seriesOf('UAV-01', 'relAltM')).toEqual({ points: [{ t: NOW, v: 85 }], late: [{ t: NOW - 60_000, v: 5 }] });
    expect(store.trackOf('UAV-01')).toHaveLength(1);
  });

  it('marks the device when its newest data is a late replay', () => {
    const store = makeStore();
    store.applySummaries([summary({ id: 'UAV-01', kind: 'drone', dataAgeMs: 600_000 })], NOW);
    store.applyReadings([droneReading({ time: NOW - 300_000, late: true })], { live: true, now: NOW });
    const d = store.device('UAV-01')!;
    expect(d.lastDataTime).toBe(NOW - 300_000);
    expect(d.lastLate).toBe(true);
    expect(d.position!.late).toBe(true);
  });

  it('applies status readings in device-time order', () => {
    const store = makeStore();
    store.applyReadings([statusReading('MS-01', 'ms', 'offline', NOW, 40)], { live: true, now: NOW });
    store.applyReadings([statusReading('MS-01', 'ms', 'online', NOW - 1000)], { live: true, now: NOW });
    const d = store.device('MS-01')!;
    expect(d.state).toBe('offline');
    expect(d.online).toBe(false);
    expect(d.batteryPct).toBe(40);
  });

  it('learns compounds from surveys and plots them by CAS', () => {
    const store = makeStore();
    store.applyReadings([msReading({ time: NOW })], { live: true, now: NOW });
    expect(store.gasCasOf('MS-01')).toEqual(['7783-06-4', '71-43-2', '9999-99-9']);
    expect(store.seriesOf('MS-01', 'gas:71-43-2').points).toEqual([{ t: NOW, v: 0.85 }]);
  });

  it('merges REST history under live points and skips empty buckets', () => {
    const store = makeStore();
    store.applyReadings([obdReading({ time: NOW })], { live: true, now: NOW });
    store.applySeries('OBD-01', 'noxPpm', [{ t: NOW - 2000, value: 300 }, { t: NOW - 1000, value: null }, { t: NOW, value: 1 }]);
    expect(store.seriesOf('OBD-01', 'noxPpm').points).toEqual([{ t: NOW - 2000, v: 300 }, { t: NOW, v: 420 }]);
  });

  it('keeps drone tracks bounded and ordered', () => {
    const store = makeStore();
    for (let i = 0; i < 5; i++) store.applyReadings([droneReading({ time: NOW + i * 1000, data: { lon: 114 + i } })], { live: true, now: NOW });
    store.applyReadings([droneReading({ time: NOW, data: { lon: 0 } })], { live: false, now: NOW });
    expect(store.trackOf('UAV-01').map((p) => p.lon)).toEqual([116, 117, 118]);
  });

  it('merges stored fixes under the live track, keeping the newest within capacity', () => {
    const store = makeStore();
    store.applyReadings([droneReading({ time: NOW, data: { lon: 114.5 } })], { live: true, now: NOW });
    store.applyTrackHistory('UAV-01', [{ t: NOW - 3000, lon: 114.1, lat: 30 }, { t: NOW - 2000, lon: 114.2, lat: 30 }, { t: NOW - 1000, lon: 114.3, lat: 30 }, { t: NOW, lon: 0, lat: 0 }]);
    expect(store.trackOf('UAV-01').map((p) => p.lon)).toEqual([114.2, 114.3, 114.5]);
  });

  it('counts only live readings and tells listeners what changed', () => {
    const store = makeStore();
    const seen: StoreTopic[] = [];
    store.subscribe((topic) => seen.push(topic));
    store.applyReadings([droneReading({ time: NOW })], { live: false, now: NOW });
    expect(store.totalReadings).toBe(0);
    store.applyReadings([droneReading({ time: NOW + 1 }), obdReading({ time: NOW + 1 })], { live: true, now: NOW });
    expect(store.totalReadings).toBe(2);
    store.select('UAV-01');
    store.select('UAV-01');
    store.setConnection('live');
    store.setQuarantineTotal(7);
    expect(seen).toEqual(['devices', 'series', 'devices', 'series', 'counters', 'selection', 'connection', 'counters']);
    expect(store.selectedId).toBe('UAV-01');
    expect(store.quarantineTotal).toBe(7);
  });

  it('marks a silent device online again when fresh live data arrives', () => {
    const store = makeStore();
    store.applySummaries([summary({ id: 'UAV-01', kind: 'drone', online: false, state: 'offline' })], NOW);
    store.applyReadings([droneReading({ time: NOW - 5000, late: true })], { live: true, now: NOW });
    expect(store.device('UAV-01')!.online).toBe(false);
    store.applyReadings([droneReading({ time: NOW })], { live: true, now: NOW });
    expect(store.device('UAV-01')!.state).toBe('online');
  });
});
