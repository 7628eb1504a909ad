import { DEFAULT_EXPOSURE_LEVELS, OBD_LIMITS, alertLevelRank, levelReached, toPpm, type AlertLevel, type GasUnit } from '@tianyan/contracts';
import { createScenario } from '../scenario/create-scenario';
import type { GroundTruth } from '../scenario/ground-truth';
import type { SimMessage } from '../scenario/sim-event';
import { publishes, runFor, streamOf, T0 } from '../testing/run-scenario';
import { defaultRuleDefinitions } from './default-rule-definitions';
import { expectedAlertKey, expectedAlertsFor, isWallClockRuleKind, type ExpectedAlert } from './expected-alert';

/*
 * The expected alerts are checked against the published payloads, recomputed here with plain code and
 * the contracts' tables, so a bug in the witnesses cannot agree with itself.
 */

type Envelope = { ts: number } & Record<string, unknown>;
type Survey = Envelope & { tic: number; gases: Array<{ cas: string; value: number; unit: GasUnit }> };
type Identification = Envelope & { compounds: Array<{ cas: string; concentration: number; unit: GasUnit; matchFactor: number }> };
type Thermal = Envelope & { relAltM: number; hotspot: { tempC: number }; frame?: { w: number; h: number; scaleC: number; offsetC: number; data: string } };
type Inspection = Envelope & { vin: string; obd: { commOk: boolean; mil?: boolean; dtcs: string[]; readiness?: { supported: number; complete: number } }; opacity: { kM1: number[] }; noxPpm: number; ureaPct: number };

/** Every envelope a message carries (a store-and-forward replay is an array). */
function envelopes<T extends Envelope>(m: SimMessage): T[] {
  const body = JSON.parse(m.payload) as T | T[];
  return Array.isArray(body) ? body : [body];
}

/** Highest colour per device × subject from (device, subject, level, ts) findings, in emission order. */
function strongest(findings: Array<{ deviceId: string; subject: string; level: AlertLevel | null; ts: number }>): Map<string, { level: AlertLevel; firstAt: number; levelAt: number }> {
  const out = new Map<string, { level: AlertLevel; firstAt: number; levelAt: number }>();
  for (const f of findings) {
    if (!f.level) continue;
    const key = `${f.deviceId}|${f.subject}`;
    const known = out.get(key);
    if (!known) out.set(key, { level: f.level, firstAt: f.ts, levelAt: f.ts });
    else if (alertLevelRank(f.level) > alertLevelRank(known.level)) Object.assign(known, { level: f.level, levelAt: f.ts });
  }
  return out;
}

function asMap(alerts: readonly ExpectedAlert[]): Map<string, { level: AlertLevel; firstAt: number; levelAt: number }> {
  return new Map(alerts.map((a) => [`${a.deviceId}|${a.subject}`, { level: a.level, firstAt: a.firstAt, levelAt: a.levelAt }]));
}

const rules = defaultRuleDefinitions();
const thermalRule = rules.find((r) => r.kind === 'thermal')!;
const batteryRule = rules.find((r) => r.kind === 'low-battery')!;

function batteryFindings(events: ReturnType<typeof runFor>['events']) {
  return publishes(events).flatMap((m) =>
    envelopes(m).flatMap((e) => (typeof e['batteryPct'] === 'number' ? [{ deviceId: m.deviceId, subject: 'battery', level: levelReached(batteryRule.levels, e['batteryPct'], 'below'), ts: e.ts }] : [])),
  );
}

describe('expected alerts of a seeded chemical-plant fire (35 virtual minutes)', () => {
  const { scenario, events } = runFor('chemical-plant-fire', 35);
  const truth = scenario.groundTruth();
  const of = (kind: ExpectedAlert['ruleKind']) => expectedAlertsFor(truth, { ruleKinds: [kind] });

  it('lists exposure alerts at three colours, at least one orange or red, and hotspots seen by every drone', () => {
    const exposure = of('exposure');
    expect(exposure.length).toBeGreaterThanOrEqual(4);
    expect(new Set(exposure.map((a) => a.level)).size).toBeGreaterThanOrEqual(3);
    expect(exposure.some((a) => a.level === 'orange' || a.level === 'red')).toBe(true);
    const hotspots = of('thermal').filter((a) => a.subject === 'hotspot');
    expect(hotspots.map((a) => a.deviceId).sort()).toEqual(['drone-01', 'drone-02', 'drone-03']);
    for (const a of truth.expectedAlerts) {
      expect(a.levelAt).toBeGreaterThanOrEqual(a.firstAt);
      expect(a.why).toContain(a.deviceId);
    }
  });

  it('states each exposure at the colour of the highest concentration emitted, and nothing unexpected', () => {
    const findings = publishes(events).flatMap((m) => {
      const stream = streamOf(m.topic);
      if (stream === 'ms/survey') return envelopes<Survey>(m).flatMap((e) => e.gases.map((g) => ({ ts: e.ts, cas: g.cas, ppm: toPpm(g.value, g.unit, g.cas)! })).map((g) => ({ ...g, deviceId: m.deviceId })));
      if (stream === 'ms/identification') {
        return envelopes<Identification>(m).flatMap((e) => e.compounds.filter((c) => c.matchFactor >= 700).map((c) => ({ ts: e.ts, cas: c.cas, ppm: toPpm(c.concentration, c.unit, c.cas)!, deviceId: m.deviceId })));
      }
      return [];
    });
    const recomputed = strongest(
      findings.filter((f) => DEFAULT_EXPOSURE_LEVELS.has(f.cas)).map((f) => ({ deviceId: f.deviceId, subject: f.cas, ts: f.ts, level: levelReached(DEFAULT_EXPOSURE_LEVELS.get(f.cas)!.ppm, f.ppm) })),
    );
    expect(asMap(of('exposure'))).toEqual(recomputed);
    // The level is that of the highest value the device emitted for the compound.
    for (const a of of('exposure')) {
      const max = Math.max(...findings.filter((f) => f.deviceId === a.deviceId && f.cas === a.subject).map((f) => f.ppm));
      expect(levelReached(DEFAULT_EXPOSURE_LEVELS.get(a.subject)!.ppm, max)).toBe(a.level);
    }
  });

  it('states each thermal hotspot at the colour of the hottest emitted hotspot', () => {
    const recomputed = strongest(
      publishes(events, 'drone/thermal').flatMap((m) => envelopes<Thermal>(m).map((e) => ({ deviceId: m.deviceId, subject: 'hotspot', ts: e.ts, level: levelReached(thermalRule.hotspotC, e.hotspot.tempC) }))),
    );
    expect(asMap(of('thermal').filter((a) => a.subject === 'hotspot'))).toEqual(recomputed);
  });

  it('says which drones saw the hot area grow ≥ 25 % over 2 min from at least 100 m², from the frames emitted', () => {
    const growth = thermalRule.areaGrowthPct!;
    const findings: Array<{ deviceId: string; subject: string; level: AlertLevel | null; ts: number }> = [];
    for (const drone of ['drone-01', 'drone-02', 'drone-03']) {
      const areas: Array<{ ts: number; m2: number }> = [];
      for (const m of publishes(events, 'drone/thermal').filter((x) => x.deviceId === drone)) {
        for (const e of envelopes<Thermal>(m)) {
          if (!e.frame || (areas.length > 0 && e.ts <= areas[areas.length - 1]!.ts)) continue;
          const raw = Buffer.from(e.frame.data, 'base64');
          let hot = 0;
          for (let i = 0; i < e.frame.w * e.frame.h; i++) if (raw.readUInt16LE(2 * i) * e.frame.scaleC + e.frame.offsetC >= 100) hot++;
          const side = (2 * e.relAltM * Math.tan((40.6 / 2) * (Math.PI / 180))) / e.frame.w;
          areas.push({ ts: e.ts, m2: hot * side * side });
          const base = areas.find((a) => a.ts >= e.ts - 120_000)!;
          if (base.m2 >= 100) findings.push({ deviceId: drone, subject: 'hot-area', ts: e.ts, level: levelReached(growth, ((hot * side * side - base.m2) / base.m2) * 100) });
        }
      }
    }
    const expected = of('thermal').filter((a) => a.subject === 'hot-area');
    expect(asMap(expected)).toEqual(strongest(findings));
    // The orbiting drone watches the fire build up, so these frames do grow the hot area.
    expect(expected.map((a) => a.deviceId)).toContain('drone-01');
  });

  it('states low battery from the lowest emitted battery level, telemetry and status alike', () => {
    expect(asMap(of('low-battery'))).toEqual(strongest(batteryFindings(events)));
    expect(of('low-battery').length).toBeGreaterThan(0);
  });

  it('expects no flatline when no sensor is stuck: the noisy TIC never repeats 20 times', () => {
    expect(of('flatline')).toEqual([]);
    for (const id of ['ms-01', 'ms-02']) {
      const tics = publishes(events, 'ms/survey').filter((m) => m.deviceId === id).flatMap((m) => envelopes<Survey>(m).map((e) => e.tic));
      let longest = 1;
      for (let i = 1, run = 1; i < tics.length; i++) longest = Math.max(longest, (run = tics[i] === tics[i - 1] ? run + 1 : 1));
      expect(longest).toBeLessThan(20);
    }
  });

  it('leaves the wall-clock kinds out unless asked for', () => {
    expect(expectedAlertsFor(truth).some((a) => isWallClockRuleKind(a.ruleKind))).toBe(false);
    expect(expectedAlertsFor(truth, { wallClock: true })).toEqual(truth.expectedAlerts);
    expect(truth.wallClockRuleKinds).toEqual(['offline', 'clock-skew', 'quarantine-rate']);
    expect(expectedAlertsFor(truth, { deviceIds: ['ms-02'] }).every((a) => a.deviceId === 'ms-02')).toBe(true);
  });
});

describe('expected alerts of diesel enforcement', () => {
  /** What the offender truths say the OBD rule must raise: every offender, blue when it only needs a re-test. */
  const fromVehicles = (truth: GroundTruth) =>
    new Map(truth.vehicles.filter((v) => v.offender !== null).map((v) => [v.vin, { deviceId: v.stationId, at: v.ts, level: v.offender === 'not-ready' ? 'blue' : 'yellow' }]));
  const fromExpected = (truth: GroundTruth) => new Map(expectedAlertsFor(truth, { ruleKinds: ['obd'] }).map((a) => [a.subject, { deviceId: a.deviceId, at: a.firstAt, level: a.level }]));

  it('expects a fail or a re-test for exactly the offending trucks of a 30-minute run', () => {
    const truth = runFor('diesel-enforcement', 30).scenario.groundTruth();
    expect(fromExpected(truth)).toEqual(fromVehicles(truth));
    for (const a of expectedAlertsFor(truth, { ruleKinds: ['obd'] })) expect(a.why).toContain(`sent through as ${truth.vehicles.find((v) => v.vin === a.subject)!.offender}`);
    const levels = [...fromExpected(truth).values()].map((a) => a.level);
    expect(levels).toContain('yellow');
    expect(levels).toContain('blue');
  });

  it('agrees with the offender truths and with the published values over a long run of every kind', () => {
    const { scenario, events } = runFor('diesel-enforcement', 240, { offenders: { share: 0.5 } });
    const truth = scenario.groundTruth();
    expect(new Set(truth.vehicles.map((v) => v.offender))).toEqual(new Set([null, 'dpf-removed', 'scr-disabled', 'urea-diluted', 'mil-dtc', 'obd-comm-failure', 'not-ready']));
    expect(fromExpected(truth)).toEqual(fromVehicles(truth));
    const recomputed = new Map<string, AlertLevel>();
    for (const r of publishes(events, 'obd/inspection').flatMap((m) => envelopes<Inspection>(m))) {
      const k = r.opacity.kM1.reduce((s, x) => s + x, 0) / r.opacity.kM1.length;
      const fails = k > OBD_LIMITS.opacityK.b || r.noxPpm > OBD_LIMITS.noxPpm.b || r.ureaPct < OBD_LIMITS.urea.min || r.ureaPct > OBD_LIMITS.urea.max || !r.obd.commOk || r.obd.mil === true || r.obd.dtcs.length > 0;
      const retest = r.obd.readiness !== undefined && r.obd.readiness.complete < r.obd.readiness.supported;
      if (fails || retest) recomputed.set(r.vin, fails ? 'yellow' : 'blue');
    }
    expect(new Map([...fromExpected(truth)].map(([vin, a]) => [vin, a.level]))).toEqual(recomputed);
  });
});

describe('expected alerts under injected faults (chemical-plant fire, 40 virtual minutes)', () => {
  const { scenario, events } = runFor('chemical-plant-fire', 40, { faults: true });
  const truth = scenario.groundTruth();
  const fault = (kind: string) => truth.faults.find((f) => f.kind === kind)!;

  it('expects a flatline where the stuck sensor froze the emitted TIC (and gas values), and only there', () => {
    const stuck = fault('stuck-sensor');
    const during = publishes(events, 'ms/survey')
      .filter((m) => m.deviceId === stuck.deviceId && m.t >= stuck.start && m.t < stuck.end)
      .flatMap((m) => envelopes<Survey>(m));
    expect(during.length).toBeGreaterThanOrEqual(60);
    expect(new Set(during.map((e) => JSON.stringify([e.tic, e.gases]))).size).toBe(1);
    const flat = expectedAlertsFor(truth, { ruleKinds: ['flatline'] });
    expect(flat.map((a) => [a.deviceId, a.subject, a.level])).toEqual([[stuck.deviceId, 'ms/survey:tic', 'blue']]);
    // 20 identical values and a minute: at 1 Hz the minute is what takes longer.
    expect(flat[0]!.firstAt).toBe(during[60]!.ts);
    expect(flat[0]!.why).toContain(stuck.id);
  });

  it('expects red low battery where a cell failure dropped the pack in flight', () => {
    const failed = fault('battery-failure');
    expect(asMap(expectedAlertsFor(truth, { ruleKinds: ['low-battery'] }))).toEqual(strongest(batteryFindings(events)));
    const battery = expectedAlertsFor(truth, { ruleKinds: ['low-battery'], deviceIds: [failed.deviceId] })[0]!;
    expect(battery.level).toBe('red');
    expect(battery.why).toContain(failed.id);
  });

  it('lists the offline and clock-skew faults as wall-clock expectations only', () => {
    const wall = expectedAlertsFor(truth, { ruleKinds: ['offline', 'clock-skew'], wallClock: true });
    const offline = fault('offline');
    expect(wall.find((a) => expectedAlertKey(a) === `offline|${offline.deviceId}|offline`)?.firstAt).toBe(offline.start);
    const skew = fault('clock-skew');
    const skewed = wall.find((a) => a.ruleKind === 'clock-skew')!;
    expect([skewed.deviceId, skewed.subject]).toEqual([skew.deviceId, 'clock']);
    expect(skewed.levelAt - skew.params['offsetMs']!).toBeGreaterThanOrEqual(skew.start);
    expect(expectedAlertsFor(truth, { ruleKinds: ['offline', 'clock-skew'] })).toEqual([]);
  });
});

describe('determinism of the expected alerts', () => {
  it('gives the same list for the same seed and a different one for another seed', () => {
    const run = (seed: number) => {
      const s = createScenario('chemical-plant-fire', { seed, startTime: T0, faults: true });
      s.advanceTo(T0 + 15 * 60_000);
      return JSON.stringify(s.groundTruth().expectedAlerts);
    };
    const a = run(42);
    expect(JSON.parse(a)).not.toEqual([]);
    expect(run(42)).toBe(a);
    expect(run(43)).not.toBe(a);
  });
});
