import { alertQueryString, DEFAULT_ALERT_FILTER, matchesAlertFilter, type AlertFilter } from './alert-filter';
import { makeAlert } from '@tianyan/testing';

const filter = (o: Partial<AlertFilter>): AlertFilter => ({ ...DEFAULT_ALERT_FILTER, openOnly: false, ...o });

describe('alertQueryString', () => {
  it('writes the API query: lists comma-joined, only what is set, paging always', () => {
    const q = alertQueryString(
      filter({ states: ['raised', 'acknowledged'], levels: ['orange', 'red'], ruleKinds: ['exposure'], deviceId: ' ms-01 ', openOnly: true, drill: false, from: '2026-01-01T00:00:00.000Z' }),
      { limit: 100, offset: 200 },
    );
    expect(q).toBe('state=raised%2Cacknowledged&level=orange%2Cred&ruleKind=exposure&deviceId=ms-01&open=true&drill=false&from=2026-01-01T00%3A00%3A00.000Z&limit=100&offset=200');
    expect(Object.fromEntries(new URLSearchParams(q))).toMatchObject({ state: 'raised,acknowledged', level: 'orange,red', deviceId: 'ms-01' });
    expect(alertQueryString(filter({}), { limit: 50, offset: 0 })).toBe('limit=50&offset=0');
    expect(alertQueryString(filter({ drill: true }), { limit: 50, offset: 0 })).toBe('drill=true&limit=50&offset=0');
  });
});

describe('matchesAlertFilter', () => {
  const a = makeAlert({ level: 'orange', state: 'acknowledged', ruleKind: 'exposure', deviceId: 'ms-01', drill: false, raisedAt: '2026-01-01T10:00:00.000Z' });

  it('matches an empty filter and each criterion that fits', () => {
    expect(matchesAlertFilter(a, filter({}))).toBe(true);
    expect(matchesAlertFilter(a, filter({ levels: ['orange', 'red'], states: ['acknowledged'], ruleKinds: ['exposure'], deviceId: 'ms-01', openOnly: true, drill: false }))).toBe(true);
  });

  it('rejects on any criterion that does not fit', () => {
    expect(matchesAlertFilter(a, filter({ levels: ['red'] }))).toBe(false);
    expect(matchesAlertFilter(a, filter({ states: ['raised'] }))).toBe(false);
    expect(matchesAlertFilter(a, filter({ ruleKinds: ['geofence'] }))).toBe(false);
    expect(matchesAlertFilter(a, filter({ deviceId: 'ms-02' }))).toBe(false);
    expect(matchesAlertFilter(a, filter({ drill: true }))).toBe(false);
    expect(matchesAlertFilter({ ...a, state: 'closed' }, filter({ openOnly: true }))).toBe(false);
    expect(matchesAlertFilter(a, filter({ from: '2026-01-01T10:00:01.000Z' }))).toBe(false);
    expect(matchesAlertFilter(a, filter({ to: '2026-01-01T09:59:59.000Z' }))).toBe(false);
  });
});
