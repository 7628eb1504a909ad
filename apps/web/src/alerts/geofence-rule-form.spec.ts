import { geofenceRuleFrom } from './geofence-rule-form';

const square = { type: 'polygon' as const, coordinates: [[114.26, 30.6], [114.28, 30.6], [114.28, 30.62], [114.26, 30.6]] as [number, number][] };

describe('geofenceRuleFrom', () => {
  it('builds a geofence rule input from the form and the drawn geometry', () => {
    expect(geofenceRuleFrom({ name: ' Park gate ', trigger: 'enter', level: 'orange', dwellS: '600' }, square)).toEqual({
      rule: { kind: 'geofence', name: 'Park gate', geometry: square, trigger: 'enter', level: 'orange' },
    });
    expect(geofenceRuleFrom({ name: 'Intake', trigger: 'dwell', level: 'red', dwellS: '300' }, square)).toMatchObject({ rule: { trigger: 'dwell', dwellS: 300 } });
  });

  it('says what is wrong: no name, dwell without seconds, seconds not a whole number', () => {
    expect(geofenceRuleFrom({ name: '  ', trigger: 'enter', level: 'blue', dwellS: '' }, square)).toEqual({ errors: [expect.stringMatching(/^name: /)] });
    expect(geofenceRuleFrom({ name: 'A', trigger: 'dwell', level: 'blue', dwellS: '' }, square)).toEqual({ errors: [expect.stringMatching(/^dwellS: dwellS is required/)] });
    expect(geofenceRuleFrom({ name: 'A', trigger: 'dwell', level: 'blue', dwellS: '2.5' }, square)).toEqual({ errors: [expect.stringMatching(/^dwellS: /)] });
  });
});
