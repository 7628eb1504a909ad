import type { DeviceLiveness } from '../periodic-facts';
import { RulesEngine } from '../rules-engine';
import { storedRule } from '../testing/test-rule';

const engineOf = (kinds?: Array<'drone' | 'ms' | 'obd'>) =>
  new RulesEngine([storedRule({ kind: 'quarantine-rate', name: 'quarantine', windowS: 300, perMinute: { blue: 1, yellow: 5, orange: 20 }, scope: { kinds } })]);
const devices: DeviceLiveness[] = [{ deviceId: 'uav-1', kind: 'drone', lastSeenAt: 0, state: 'online' }];
const check = (engine: RulesEngine, counts: Record<string, number>, windowS = 300) =>
  engine.check({ now: 1000, devices, quarantined: new Map([[windowS, new Map(Object.entries(counts))]]) }).map((f) => `${f.deviceId}:${f.level ?? f.status}`);

describe('QuarantineRateRule', () => {
  it('counts per minute over the window, per device', () => {
    const engine = engineOf();
    // 300 s window: 4 → 0.8/min, 5 → 1/min, 100 → 20/min
    expect(check(engine, { 'uav-1': 4, 'ms-7': 5, 'obd-2': 100 })).toEqual(['uav-1:clear', 'ms-7:blue', 'obd-2:orange']);
    const [f] = engine.check({ now: 2000, devices, quarantined: new Map([[300, new Map([['uav-1', 30]])]]) });
    expect(f).toMatchObject({ deviceKind: 'drone', subject: 'quarantine', severity: 6, at: 2000, measure: { value: 6, limit: 5, unit: 'msg/min', facts: { count: 30, windowS: 300 } } });
  });

  it('clears devices that have nothing quarantined any more', () => {
    const engine = engineOf();
    check(engine, { 'ms-7': 50 });
    expect(check(engine, {})).toEqual(['ms-7:clear']);
    expect(check(engine, {})).toEqual([]);
  });

  it('asks for the window lengths it needs', () => {
    expect(engineOf().quarantineWindowsS()).toEqual([300]);
    expect(check(engineOf(), { 'uav-1': 500 }, 60)).toEqual([]);
  });

  it('leaves unknown devices out when the rule is scoped by kind', () => {
    expect(check(engineOf(['drone']), { 'uav-1': 100, 'ghost-1': 100 })).toEqual(['uav-1:orange']);
  });
});
