import { createTranslator } from '../i18n/i18n';
import { droneReading, msReading, obdReading } from '../testing/reading-fixtures';
import { FleetStore } from './fleet-store';
import { latestPanelModel } from './latest-values';

const t = createTranslator('zh-CN');
const NOW = Date.UTC(2025, 5, 15, 6, 0, 0);

function deviceAfter(readings: Parameters<FleetStore['applyReadings']>[0], id: string) {
  const store = new FleetStore({ seriesCapacity: 10, trackCapacity: 10 });
  store.applyReadings(readings, { live: true, now: NOW });
  return store.device(id)!;
}

describe('latestPanelModel', () => {
  it('lists drone telemetry with device time and age', () => {
    const m = latestPanelModel(deviceAfter([droneReading({ time: NOW - 3000 })], 'UAV-01'), NOW, t, 'zh-CN');
    expect(m.stream).toBe('drone/telemetry');
    expect(m.late).toBe(false);
    expect(m.ageText).toBe('3秒前');
    const byKey = Object.fromEntries(m.rows.map((r) => [r.key, r]));
    expect(byKey.mode!.value).toBe('航线');
    expect(byKey.relAltM).toMatchObject({ label: '相对高度', value: '85', unit: 'm' });
    expect(byKey.time!.value).toBe('2025-06-15 13:59:57');
    expect(byKey.position!.value).toBe('30.61230°N 114.26540°E');
  });

  it('marks a late reading and shows its real age', () => {
    const m = latestPanelModel(deviceAfter([droneReading({ time: NOW - 120_000, late: true })], 'UAV-01'), NOW, t, 'zh-CN');
    expect(m.late).toBe(true);
    expect(m.ageText).toBe('2分前');
    expect(m.rows.find((r) => r.key === 'time')!.tone).toBe('late');
  });

  it('names gases in the locale, keeping unconvertible ones in their own unit', () => {
    const m = latestPanelModel(deviceAfter([msReading({ time: NOW })], 'MS-01'), NOW, t, 'zh-CN');
    const gases = m.rows.filter((r) => r.key.startsWith('gas:'));
    expect(gases.map((r) => [r.label, r.value, r.unit])).toEqual([
      ['硫化氢', '3.20', 'ppm'],
      ['苯', '0.850', 'ppm'],
      ['unknown', '1', 'mg/m3'],
    ]);
  });

  it('shows the inspection verdict inputs and flags DTCs', () => {
    const m = latestPanelModel(deviceAfter([obdReading({ time: NOW, data: { obd: { commOk: true, mil: true, dtcs: ['P20EE'], readiness: { supported: 8, complete: 7 } } } })], 'OBD-01'), NOW, t, 'zh-CN');
    const byKey = Object.fromEntries(m.rows.map((r) => [r.key, r]));
    expect(byKey.plate!.value).toBe('鄂A·12345');
    expect(byKey.opacity!.value).toBe('0.213 (0.210 / 0.240 / 0.190)');
    expect(byKey.mil).toMatchObject({ value: '亮', tone: 'warn' });
    expect(byKey.dtcs).toMatchObject({ value: 'P20EE', tone: 'warn' });
  });

  it('says "no data" for a device without readings', () => {
    const store = new FleetStore({ seriesCapacity: 10, trackCapacity: 10 });
    store.applySummaries([{ id: 'MS-02', kind: 'ms', state: 'offline', online: false, firstSeen: '', lastSeen: null, dataAgeMs: null, batteryPct: 12, firmware: null, autoProvisioned: true }], NOW);
    const m = latestPanelModel(store.device('MS-02')!, NOW, t, 'zh-CN');
    expect(m.ageText).toBe('无数据');
    expect(m.rows.map((r) => [r.key, r.value])).toEqual([['state', '离线'], ['battery', '12']]);
  });
});
