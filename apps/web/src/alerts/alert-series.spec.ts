import { alertRuleInputSchema, type AlertReadingLink, type AlertRule, type AlertRuleInput } from '@tianyan/contracts';
import { alertSeriesSpec, alertSeriesWindow } from './alert-series';
import { makeAlert } from '@tianyan/testing';

const stored = (input: AlertRuleInput, id = 'rule-1'): AlertRule => ({ ...alertRuleInputSchema.parse(input), id, builtIn: false, createdAt: '', updatedAt: '' });
const link = (stream: AlertReadingLink['stream']): AlertReadingLink => ({ deviceId: 'ms-01', stream, time: 1, seq: 1, value: 1, level: 'yellow' });

describe('alertSeriesWindow', () => {
  it('spans the triggering readings with ten minutes either side', () => {
    expect(alertSeriesWindow({ firstReadingAt: 1_000_000_000, lastReadingAt: 1_000_060_000 })).toEqual({ from: 999_400_000, to: 1_000_660_000 });
  });
});

describe('alertSeriesSpec', () => {
  const h2s = stored({ kind: 'exposure', name: 'H2S', cas: '7783-06-4', levels: { blue: 0.51, yellow: 0.51, orange: 27, red: 50 } });

  it('maps an exposure alert to the survey gas series with the rule\'s colour limits in ppm, on a log axis', () => {
    const spec = alertSeriesSpec(makeAlert({ ruleKind: 'exposure', subject: '7783-06-4' }), h2s, [link('ms/survey')]);
    expect(spec).toEqual({
      stream: 'ms/survey', field: 'gas:7783-06-4', unit: 'ppm', direction: 'above', log: true,
      limits: [{ level: 'blue', value: 0.51 }, { level: 'yellow', value: 0.51 }, { level: 'orange', value: 27 }, { level: 'red', value: 50 }],
    });
  });

  it('uses the GC-MS identification series when the identifications raised it', () => {
    expect(alertSeriesSpec(makeAlert({ subject: '7783-06-4' }), h2s, [link('ms/identification')])).toMatchObject({ stream: 'ms/identification', field: 'compound:7783-06-4' });
  });

  it('converts limits a rule sets in mg/m³ to ppm (25 °C)', () => {
    const mg = stored({ kind: 'exposure', name: 'H2S', cas: '7783-06-4', unit: 'mg/m3', levels: { red: 34.08 } });
    expect(alertSeriesSpec(makeAlert(), mg, [])!.limits[0]!.value).toBeCloseTo(24.45, 6);
  });

  it('falls back to the alert\'s own limit without the rule (or with another rule)', () => {
    const alert = makeAlert({ level: 'orange', measure: { value: 30, limit: 27, unit: 'ppm', basis: 'AEGL-2', facts: {} } });
    expect(alertSeriesSpec(alert, null, [])!.limits).toEqual([{ level: 'orange', value: 27 }]);
    expect(alertSeriesSpec(alert, { ...h2s, id: 'other' }, [])!.limits).toEqual([{ level: 'orange', value: 27 }]);
  });

  it('maps thermal hotspots to hotspotTempC, without limits for hot-area growth', () => {
    const thermal = stored({ kind: 'thermal', name: 'T', hotspotC: { blue: 80, red: 500 } });
    expect(alertSeriesSpec(makeAlert({ ruleKind: 'thermal', subject: 'hotspot' }), thermal, [])).toMatchObject({ stream: 'drone/thermal', field: 'hotspotTempC', unit: '°C', limits: [{ level: 'blue', value: 80 }, { level: 'red', value: 500 }] });
    expect(alertSeriesSpec(makeAlert({ ruleKind: 'thermal', subject: 'hot-area' }), thermal, [])!.limits).toEqual([]);
  });

  it('maps metric and flatline rules to their stream and field, low battery to the kind\'s battery series', () => {
    const metric = stored({ kind: 'metric', name: 'NOx', stream: 'obd/inspection', field: 'noxPpm', levels: { orange: 900 }, unitLabel: 'ppm' });
    expect(alertSeriesSpec(makeAlert({ ruleKind: 'metric' }), metric, [])).toMatchObject({ stream: 'obd/inspection', field: 'noxPpm', unit: 'ppm', limits: [{ level: 'orange', value: 900 }] });
    expect(alertSeriesSpec(makeAlert({ ruleKind: 'metric' }), null, [])).toBeNull();
    const flat = stored({ kind: 'flatline', name: 'F', stream: 'ms/survey', field: 'tic' });
    expect(alertSeriesSpec(makeAlert({ ruleKind: 'flatline' }), flat, [])).toMatchObject({ stream: 'ms/survey', field: 'tic', limits: [] });
    const battery = stored({ kind: 'low-battery', name: 'B', levels: { yellow: 30, red: 10 } });
    expect(alertSeriesSpec(makeAlert({ ruleKind: 'low-battery', deviceKind: 'drone' }), battery, [])).toMatchObject({ stream: 'drone/telemetry', field: 'batteryPct', direction: 'below', limits: [{ level: 'yellow', value: 30 }, { level: 'red', value: 10 }] });
    expect(alertSeriesSpec(makeAlert({ ruleKind: 'low-battery', deviceKind: 'ms' }), battery, [])!.stream).toBe('ms/status');
  });

  it('has no series for OBD verdicts, geofences and the other device-health rules', () => {
    for (const ruleKind of ['obd', 'geofence', 'offline', 'clock-skew', 'quarantine-rate'] as const) expect(alertSeriesSpec(makeAlert({ ruleKind }), null, [])).toBeNull();
  });
});
