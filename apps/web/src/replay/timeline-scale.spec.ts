import type { AlertStep, ReplayAlertEvent } from '@tianyan/contracts';
import { makeAlert } from '@tianyan/testing';
import { alertMarkers, fractionToTime, markersFromAlerts, timeToFraction } from './timeline-scale';

const event = (id: string, at: number, level: AlertStep['level'], drill = false): ReplayAlertEvent => {
  const alert = makeAlert({ id, level, drill });
  const step: AlertStep = { id: `${id}-${at}`, alertId: id, kind: 'raised' as AlertStep['kind'], fromState: null, toState: 'raised', level, actor: null, at: new Date(at).toISOString(), note: null, unitId: null, dueAt: null, attachments: [] };
  return { at, step, alert };
};

describe('timeline scale', () => {
  it('maps time to the bar and back', () => {
    expect(timeToFraction(25, 0, 100)).toBe(0.25);
    expect(fractionToTime(0.25, 1_000, 2_000)).toBe(1_250);
  });

  it('clamps outside the window and survives an empty one', () => {
    expect(timeToFraction(-5, 0, 100)).toBe(0);
    expect(timeToFraction(500, 0, 100)).toBe(1);
    expect(timeToFraction(5, 100, 100)).toBe(0);
    expect(fractionToTime(1.7, 0, 100)).toBe(100);
  });

  it('places one marker per alert at its raise, at the worst level it reached', () => {
    const markers = alertMarkers([event('b', 80, 'yellow'), event('a', 20, 'yellow'), event('a', 40, 'red'), event('c', 500, 'red')], 0, 100);
    expect(markers).toEqual([
      { alertId: 'a', at: 20, fraction: 0.2, level: 'red', drill: false },
      { alertId: 'b', at: 80, fraction: 0.8, level: 'yellow', drill: false },
    ]);
  });
});

describe('markersFromAlerts', () => {
  it('places listed alerts at their raise with their peak level, inside the window only', () => {
    const inside = makeAlert({ id: 'x', level: 'yellow', peakLevel: 'orange', raisedAt: new Date(1_500).toISOString() });
    const outside = makeAlert({ id: 'y', raisedAt: new Date(9_000).toISOString() });
    expect(markersFromAlerts([outside, inside], 1_000, 3_000)).toEqual([{ alertId: 'x', at: 1_500, fraction: 0.25, level: 'orange', drill: false }]);
  });
});
