import { ALERT_RULE_KINDS, alertRuleInputSchema } from './alert-rule.schema';
import { defaultAlertRules } from './default-alert-rules';

function problems(input: unknown): string[] {
  const r = alertRuleInputSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const polygon = (ring: number[][]) => ({ kind: 'geofence', name: 'zone', trigger: 'enter', level: 'red', geometry: { type: 'polygon', coordinates: ring } });
const closedRing = [[114.29, 30.59], [114.31, 30.59], [114.31, 30.61], [114.29, 30.59]];

describe('alert rule schema', () => {
  it('accepts every default rule and fills in the defaults', () => {
    const rules = defaultAlertRules().map((r) => alertRuleInputSchema.parse(r));
    expect(rules.filter((r) => r.kind === 'exposure')).toHaveLength(11);
    const kinds = new Set(rules.map((r) => r.kind));
    expect([...ALERT_RULE_KINDS].filter((k) => !kinds.has(k))).toEqual(['metric', 'geofence']);
    expect(rules.find((r) => r.kind === 'obd')).toMatchObject({ limitSet: 'b', failLevel: 'yellow', retestLevel: 'blue', enabled: true });
    expect(rules.find((r) => r.kind === 'exposure')).toMatchObject({ unit: 'ppm', hysteresisPct: 10, minMatchFactor: 700, sources: ['survey', 'identification'] });
  });

  it('refuses colour limits that fall from blue to red', () => {
    expect(problems({ kind: 'exposure', name: 'x', cas: '7783-06-4', levels: { yellow: 10, orange: 5 } })).toEqual(['levels: colour limits must not fall from blue to red']);
    expect(problems({ kind: 'low-battery', name: 'x', levels: { yellow: 10, red: 30 } })).toEqual(['levels: colour limits must not rise from blue to red']);
    expect(problems({ kind: 'metric', name: 'x', stream: 'ms/survey', field: 'tic', direction: 'below', levels: { blue: 1, red: 5 } })).toEqual(['levels: colour limits must not rise from blue to red']);
  });

  it('refuses limits without any colour', () => {
    expect(problems({ kind: 'exposure', name: 'x', cas: '7783-06-4', levels: {} })).toEqual(['levels: set at least one colour']);
    expect(problems({ kind: 'metric', name: 'x', stream: 'ms/survey', field: 'tic', levels: {} })).toEqual(['levels: set at least one colour']);
  });

  it('refuses a bad CAS number, saying what is wrong', () => {
    expect(problems({ kind: 'exposure', name: 'x', cas: '7783-06-5', levels: { red: 1 } })).toEqual(['cas: CAS check digit is 5, expected 4']);
    expect(problems({ kind: 'exposure', name: 'x', cas: 'H2S', levels: { red: 1 } })).toEqual(['cas: CAS number must look like 71-43-2']);
  });

  it('refuses an open polygon ring', () => {
    expect(problems(polygon(closedRing))).toEqual([]);
    expect(problems(polygon([[114.29, 30.59], [114.31, 30.59], [114.31, 30.61], [114.29, 30.61]]))).toEqual(['geometry.coordinates: the ring must end where it starts']);
  });

  it('refuses a dwell geofence without dwellS', () => {
    expect(problems({ ...polygon(closedRing), trigger: 'dwell' })).toEqual(['dwellS: dwellS is required for a dwell geofence']);
    expect(problems({ ...polygon(closedRing), trigger: 'dwell', dwellS: 300 })).toEqual([]);
  });

  it('refuses a metric or flatline field the stream does not have, listing the valid ones', () => {
    expect(problems({ kind: 'metric', name: 'x', stream: 'drone/telemetry', field: 'speedKmh', levels: { red: 1 } })).toEqual([
      'field: unknown field "speedKmh" for drone/telemetry; expected one of lat, lon, altM, relAltM, headingDeg, groundSpeedMs, vertSpeedMs, batteryPct, gimbalPitchDeg, satellites',
    ]);
    expect(problems({ kind: 'flatline', name: 'x', stream: 'ms/survey', field: 'gas' })[0]).toMatch(/^field: unknown field "gas" for ms\/survey; .* or gas:<cas>$/);
    expect(problems({ kind: 'metric', name: 'x', stream: 'ms/survey', field: 'gas:7783-06-4', levels: { red: 1 } })).toEqual([]);
  });

  it('refuses status streams as metric sources and an unknown kind', () => {
    expect(problems({ kind: 'metric', name: 'x', stream: 'drone/status', field: 'batteryPct', levels: { red: 1 } })[0]).toMatch(/^stream: /);
    expect(problems({ kind: 'weather', name: 'x' })[0]).toMatch(/^kind: /);
  });
});
