import { makeDroneTelemetry, makeStatus } from '@tianyan/testing';
import type { DeviceLiveness } from '../periodic-facts';
import { RulesEngine } from '../rules-engine';
import { readingOf } from '../testing/test-reading';
import { storedRule } from '../testing/test-rule';

const T0 = Date.UTC(2025, 5, 1, 8);
const engineOf = (scope?: { kinds?: Array<'drone' | 'ms' | 'obd'>; deviceIds?: string[] }) =>
  new RulesEngine([storedRule({ kind: 'offline', name: 'offline', expectedIntervalS: 10, missedIntervals: 3, level: 'orange', scope })]);
const device = (deviceId: string, lastSeenAt: number | null, state: string | null = 'online', kind: DeviceLiveness['kind'] = 'drone'): DeviceLiveness => ({ deviceId, kind, lastSeenAt, state });
const check = (engine: RulesEngine, now: number, devices: DeviceLiveness[]) => engine.check({ now, devices, quarantined: new Map() });
const telemetry = (s: number, deviceId = 'uav-1') => readingOf('drone/telemetry', deviceId, makeDroneTelemetry({ ts: T0 + s * 1000, lat: 30.61, lon: 114.26 }));
const status = (s: number, state: string, deviceId = 'uav-1') => readingOf('drone/status', deviceId, makeStatus({ ts: T0 + s * 1000, state }));

describe('OfflineRule', () => {
  it('raises after missedIntervals × expectedIntervalS of silence and clears when the device reports', () => {
    const engine = engineOf();
    expect(check(engine, T0 + 30_000, [device('uav-1', T0)])).toMatchObject([{ status: 'clear' }]);
    const [f] = check(engine, T0 + 30_001, [device('uav-1', T0)]);
    expect(f).toMatchObject({ status: 'level', level: 'orange', subject: 'offline', deviceId: 'uav-1', deviceKind: 'drone', at: T0 + 30_001, reading: null, measure: { value: 30, limit: 30, unit: 's' } });
    expect(f!.title).toBe('uav-1 offline: nothing for 30 s (limit 30 s)');
    expect(check(engine, T0 + 40_000, [device('uav-1', T0)])).toMatchObject([{ status: 'level' }]);
    expect(engine.evaluate([telemetry(41)])).toMatchObject([{ status: 'clear', subject: 'offline' }]);
    expect(engine.evaluate([telemetry(42)])).toEqual([]);
    expect(check(engine, T0 + 45_000, [device('uav-1', T0 + 42_000)])).toEqual([]);
  });

  it('raises at once on an offline status (last will) and clears on the next reading', () => {
    const engine = engineOf();
    engine.evaluate([telemetry(0)]);
    expect(engine.evaluate([status(1, 'offline')])).toMatchObject([{ status: 'level', level: 'orange', title: 'uav-1 reported offline', lat: 30.61, lon: 114.26 }]);
    expect(check(engine, T0 + 2000, [device('uav-1', T0 + 1000, 'offline')])).toMatchObject([{ status: 'level' }]);
    expect(engine.evaluate([telemetry(3)])).toMatchObject([{ status: 'clear' }]);
    // The stored state still says offline, but the device has reported since.
    expect(check(engine, T0 + 4000, [device('uav-1', T0 + 3000, 'offline')])).toEqual([]);
  });

  it('trusts a stored offline state it has not seen superseded (after a restart)', () => {
    expect(check(engineOf(), T0 + 1000, [device('uav-1', T0, 'offline')])).toMatchObject([{ status: 'level', title: 'uav-1 reported offline' }]);
  });

  it('excuses silence after the device announced maintenance or calibration (HJ 212 M, C)', () => {
    const engine = engineOf();
    expect(check(engine, T0 + 600_000, [device('uav-1', T0, 'maintenance'), device('uav-2', T0, 'calibration')])).toMatchObject([{ status: 'clear' }, { status: 'clear' }]);
    expect(check(engine, T0 + 600_000, [device('uav-3', T0, 'online')])).toMatchObject([{ status: 'level' }]);
  });

  it('does not call a device that never reported offline', () => {
    expect(check(engineOf(), T0 + 3_600_000, [device('uav-9', null, null)])).toMatchObject([{ status: 'clear' }]);
  });

  it('watches only devices in scope', () => {
    const engine = engineOf({ kinds: ['ms'] });
    expect(check(engine, T0 + 60_000, [device('uav-1', T0), device('ms-1', T0, 'online', 'ms')])).toMatchObject([{ deviceId: 'ms-1', status: 'level' }]);
    expect(engine.evaluate([status(1, 'offline')])).toEqual([]);
  });
});
