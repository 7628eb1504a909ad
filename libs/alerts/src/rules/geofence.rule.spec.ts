import { makeDroneTelemetry, makeObdInspection } from '@tianyan/testing';
import type { AlertRuleInput } from '@tianyan/contracts';
import type { Finding } from '../finding';
import { readingOf } from '../testing/test-reading';
import { storedRule } from '../testing/test-rule';
import { GeofenceRule } from './geofence.rule';

const T0 = Date.UTC(2025, 5, 1, 8);
// A water-source zone: a 1 km circle, and a square polygon around the same centre.
const CENTER = { lat: 30.6, lon: 114.3 };
const circle = { type: 'circle' as const, center: CENTER, radiusM: 1000 };
const square = { type: 'polygon' as const, coordinates: [[114.29, 30.59], [114.31, 30.59], [114.31, 30.61], [114.29, 30.61], [114.29, 30.59]] as Array<[number, number]> };
const INSIDE = { lat: 30.6, lon: 114.3 };
const OUTSIDE = { lat: 30.63, lon: 114.3 };

function fence(trigger: 'enter' | 'exit' | 'dwell', geometry: typeof circle | typeof square = circle, dwellS?: number) {
  return new GeofenceRule(storedRule({ kind: 'geofence', name: 'Water source zone I', geometry, trigger, dwellS, level: 'red' } as Extract<AlertRuleInput, { kind: 'geofence' }>));
}
const fix = (s: number, at: { lat: number; lon: number }, late = false) =>
  readingOf('drone/telemetry', 'uav-1', makeDroneTelemetry({ ts: T0 + s * 1000, ...at }), { late, receivedAt: T0 + 3_600_000 });
function run(rule: GeofenceRule, ...readings: ReturnType<typeof fix>[]): Array<string> {
  const out: Finding[] = [];
  for (const r of readings) rule.evaluate(r, out);
  return out.map((f) => `${f.at / 1000 - T0 / 1000}:${f.level ?? f.status}`);
}

describe('GeofenceRule', () => {
  describe('enter', () => {
    it('raises on the first fix inside and clears on leaving, transitions only', () => {
      expect(run(fence('enter'), fix(0, OUTSIDE), fix(1, OUTSIDE), fix(2, INSIDE), fix(3, INSIDE), fix(4, OUTSIDE), fix(5, INSIDE))).toEqual(['0:clear', '2:red', '4:clear', '5:red']);
    });
    it('raises on the first fix ever when it is inside', () => expect(run(fence('enter'), fix(0, INSIDE), fix(1, INSIDE))).toEqual(['0:red']));
    it('describes the fence', () => {
      const out: Finding[] = [];
      fence('enter').evaluate(fix(0, INSIDE), out);
      expect(out[0]).toMatchObject({ subject: 'enter', title: 'uav-1 entered geofence "Water source zone I"', lat: INSIDE.lat, lon: INSIDE.lon, measure: { facts: { shape: 'circle', distanceM: 0 } } });
    });
  });

  describe('exit', () => {
    it('raises on leaving after being inside and clears on coming back', () => {
      expect(run(fence('exit'), fix(0, INSIDE), fix(1, INSIDE), fix(2, OUTSIDE), fix(3, OUTSIDE), fix(4, INSIDE))).toEqual(['0:clear', '2:red', '4:clear']);
    });
    it('says nothing about a device first seen outside', () => expect(run(fence('exit'), fix(0, OUTSIDE), fix(1, OUTSIDE))).toEqual([]));
  });

  describe('dwell', () => {
    it('raises once after dwellS of device time inside, and clears on leaving', () => {
      const rule = fence('dwell', circle, 600);
      expect(run(rule, fix(0, INSIDE), fix(300, INSIDE), fix(599, INSIDE), fix(600, INSIDE), fix(900, INSIDE), fix(901, OUTSIDE), fix(902, INSIDE), fix(1400, INSIDE), fix(1502, INSIDE))).toEqual(['600:red', '901:clear', '1502:red']);
    });
    it('starts counting again after leaving', () => {
      expect(run(fence('dwell', circle, 60), fix(0, INSIDE), fix(50, OUTSIDE), fix(55, INSIDE), fix(110, INSIDE), fix(115, INSIDE))).toEqual(['50:clear', '115:red']);
    });
  });

  it('uses great-circle distance for a circle', () => {
    // 0.009° of latitude ≈ 1000.8 m; 0.0089° ≈ 989.7 m
    expect(run(fence('enter'), fix(0, { lat: 30.609, lon: 114.3 }))).toEqual(['0:clear']);
    expect(run(fence('enter'), fix(0, { lat: 30.6089, lon: 114.3 }))).toEqual(['0:red']);
  });

  it('tests a polygon: just inside a corner, just outside two sides', () => {
    expect(run(fence('enter', square), fix(0, { lat: 30.6099, lon: 114.3099 }))).toEqual(['0:red']);
    expect(run(fence('enter', square), fix(0, { lat: 30.6101, lon: 114.3 }))).toEqual(['0:clear']);
    expect(run(fence('enter', square), fix(0, { lat: 30.6, lon: 114.2899 }))).toEqual(['0:clear']);
  });

  it('does not move a device back in time on late fixes', () => {
    const rule = fence('enter');
    expect(run(rule, fix(10, INSIDE), fix(5, OUTSIDE, true), fix(8, OUTSIDE, true), fix(11, INSIDE))).toEqual(['10:red']);
    expect(run(rule, fix(12, OUTSIDE))).toEqual(['12:clear']);
  });

  it('ignores a late fix inside after fixes far away (skipped by the bounding box) moved its clock on', () => {
    const FAR = { lat: 30.7, lon: 114.5 };
    for (const geometry of [circle, square]) {
      expect(run(fence('enter', geometry), fix(0, OUTSIDE), fix(10, FAR), fix(20, FAR), fix(15, INSIDE, true), fix(21, INSIDE))).toEqual(['0:clear', '21:red']);
    }
  });

  it('takes positions from roadside inspections too', () => {
    const out: Finding[] = [];
    fence('enter').evaluate(readingOf('obd/inspection', 'obd-1', makeObdInspection({ ts: T0, ...INSIDE })), out);
    expect(out).toMatchObject([{ deviceId: 'obd-1', level: 'red' }]);
  });
});
