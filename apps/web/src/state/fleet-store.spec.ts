import type { DeviceSummary } from '@tianyan/contracts';
import { FleetStore, type StoreTopic } from './fleet-store';
import { droneReading, identificationReading, msReading, obdReading, statusReading, thermalReading } from '../testing/reading-fixtures';

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

describe('FleetStore: panels and map layers', () => {
  it('keeps thermal hotspots of every drone, once per reading', () => {
    const store = new FleetStore();
    const r = thermalReading({ deviceId: 'UAV-01', time: 5000 });
    store.applyReadings([r, r, thermalReading({ deviceId: 'UAV-02', time: 6000 })], { live: true, now: 6000 });
    expect(store.hotspots().map((h) => [h.deviceId, h.tempC])).toEqual([['UAV-01', 410], ['UAV-02', 410]]);
    expect(store.hotspots(5500)).toHaveLength(1);
    expect(store.seriesOf('UAV-01', 'hotspotTempC').points).toEqual([{ t: 5000, v: 410 }]);
  });

  it('keeps the survey trail with the worst exposure level of each reading', () => {
    const store = new FleetStore();
    store.applyReadings([msReading({ time: 1000 }), msReading({ time: 2000, data: { gases: [{ cas: '7783-06-4', name: 'H2S', value: 30, unit: 'ppm', ppm: 30 }] } })], { live: true, now: 2000 });
    expect(store.surveyTrailOf('MS-01').map((p) => p.level)).toEqual(['aegl1', 'aegl2']);
  });

  it('keeps GC-MS runs newest first, once per run, marking tentative identifications', () => {
    const store = new FleetStore();
    store.applyReadings([identificationReading({ time: 1000 }), identificationReading({ time: 1000 }), identificationReading({ time: 9000, data: { runId: 'run-2' } })], { live: true, now: 9000 });
    const runs = store.runsOf('MS-01');
    expect(runs.map((r) => r.runId)).toEqual(['run-2', 'run-1']);
    expect(runs[0]!.compounds.map((c) => [c.cas, c.tentative])).toEqual([['71-43-2', false], ['100-42-5', true]]);
  });

  it('judges inspections, newest first, letting a full reading replace a measurements-only record', () => {
    const store = new FleetStore();
    store.applyInspectionHistory('OBD-01', [
      { t: 1000, opacityMeanKM1: 0.2, noxPpm: 300, ureaPct: 32.5 },
      { t: 2000, opacityMeanKM1: 1.4, noxPpm: 300, ureaPct: 32.5 },
    ]);
    store.applyReadings([obdReading({ time: 1000, data: { obd: { commOk: true, mil: true, dtcs: ['P20EE'], readiness: { supported: 8, complete: 8 } } } })], { live: true, now: 3000 });
    const list = store.inspectionsOf('OBD-01');
    expect(list.map((r) => [r.t, r.source, r.judgement.verdict])).toEqual([[2000, 'series', 'fail'], [1000, 'reading', 'fail']]);
    expect(list[1]!.plate).toBe('鄂A·12345');
    expect(list[1]!.judgement.reasons.map((r) => r.kind)).toEqual(['mil', 'dtc']);
  });

  it('holds fleet health per device and says when it is unavailable', () => {
    const store = new FleetStore();
    const topics: string[] = [];
    store.subscribe((t) => topics.push(t));
    store.setFleetHealth([{ deviceId: 'MS-01', quarantined: 2, lateReadings: 7, lastQuarantinedAt: null }]);
    expect(store.healthOf('MS-01')).toMatchObject({ quarantined: 2, lateReadings: 7 });
    expect(store.fleetHealthAvailable).toBe(true);
    store.setFleetHealth(null);
    expect(store.fleetHealthAvailable).toBe(false);
    expect(topics).toEqual(['health', 'health']);
  });

  it("holds the broker's drop count for the status bar, redrawing only on a change", () => {
    const store = new FleetStore();
    const topics: string[] = [];
    store.subscribe((t) => topics.push(t));
    expect(store.brokerDropped).toBeNull();
    store.setBrokerDropped(5);
    store.setBrokerDropped(5);
    expect(store.brokerDropped).toBe(5);
    store.setBrokerDropped(null);
    expect(store.brokerDropped).toBeNull();
    expect(topics).toEqual(['counters', 'counters']);
  });
});

describe('FleetStore: map trails stay light', () => {
  it('keeps one drone fix and one survey position per second, but never drops a worse exposure level', () => {
    const store = new FleetStore();
    const t0 = 10_000;
    store.applyReadings([0, 100, 200, 1000, 1100].map((dt) => droneReading({ time: t0 + dt })), { live: true, now: t0 + 1100 });
    expect(store.trackOf('UAV-01').map((p) => p.t)).toEqual([t0, t0 + 1000]);
    store.applyReadings(
      [
        msReading({ time: t0 }),
        msReading({ time: t0 + 100 }),
        msReading({ time: t0 + 200, data: { gases: [{ cas: '7783-06-4', name: 'H2S', value: 60, unit: 'ppm', ppm: 60 }] } }),
      ],
      { live: true, now: t0 + 200 },
    );
    expect(store.surveyTrailOf('MS-01').map((p) => [p.t, p.level])).toEqual([[t0, 'aegl1'], [t0 + 200, 'aegl3']]);
  });
});
