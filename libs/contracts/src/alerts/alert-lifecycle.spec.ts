import { ROLES } from '../auth/roles';
import { ALERT_ACTIONS, ALERT_STATES, ALERT_TRANSITIONS, FINAL_ALERT_STATES, actionsAvailable, defaultDueAt, isOpenAlertState, type AlertAction, type AlertState } from './alert-lifecycle';

const forward = (state: AlertState): AlertAction | undefined =>
  ALERT_ACTIONS.find((a) => a !== 'lift' && a !== 'send_back' && ALERT_TRANSITIONS[a].from.includes(state) && ALERT_TRANSITIONS[a].to !== null && ALERT_TRANSITIONS[a].to !== state);

describe('alert lifecycle', () => {
  it('walks the closed loop from raised to closed (销号)', () => {
    const path: AlertState[] = ['raised'];
    for (let state: AlertState = 'raised'; state !== 'closed'; ) {
      const action = forward(state);
      expect(action).toBeDefined();
      state = ALERT_TRANSITIONS[action!].to!;
      path.push(state);
    }
    expect(path).toEqual(['raised', 'acknowledged', 'dispatched', 'rectifying', 'submitted', 'county_check', 'city_review', 'province_tracking', 'closed']);
  });

  it('gives every open state a way forward and a way out, and final states none', () => {
    for (const state of ALERT_STATES.filter(isOpenAlertState)) {
      expect(forward(state)).toBeDefined();
      expect(ALERT_TRANSITIONS.lift.from).toContain(state);
    }
    for (const state of FINAL_ALERT_STATES) {
      expect(isOpenAlertState(state)).toBe(false);
      expect(actionsAvailable(state, 'admin')).toEqual(['comment']);
    }
  });

  it('sends back to rectifying from every check, and only from a check', () => {
    expect(ALERT_TRANSITIONS.send_back).toMatchObject({ to: 'rectifying', needs: ['note', 'deadline'] });
    expect([...ALERT_TRANSITIONS.send_back.from].sort()).toEqual(['city_review', 'county_check', 'province_tracking', 'submitted']);
  });

  it('keeps four eyes on every check', () => {
    expect(ALERT_TRANSITIONS.county_check.notBy).toBe('submit');
    expect(ALERT_TRANSITIONS.city_review.notBy).toBe('county_check');
    expect(ALERT_TRANSITIONS.province_track.notBy).toBe('city_review');
    expect(ALERT_TRANSITIONS.acknowledge.notBy).toBeUndefined();
  });

  it('asks for what each step needs', () => {
    expect(ALERT_TRANSITIONS.dispatch.needs).toEqual(['unitId', 'deadline']);
    expect(ALERT_TRANSITIONS.lower).toMatchObject({ to: null, needs: ['note', 'level'] });
    expect(ALERT_TRANSITIONS.submit.needs).toEqual(['note']);
  });

  describe('actionsAvailable', () => {
    it('gives a viewer nothing to do', () => {
      for (const state of ALERT_STATES) expect(actionsAvailable(state, 'viewer')).toEqual([]);
    });
    it('lets an operator acknowledge, but not dispatch or lower', () => {
      expect(actionsAvailable('raised', 'operator')).toEqual(['acknowledge', 'comment']);
      expect(actionsAvailable('acknowledged', 'operator')).toEqual(['comment']);
    });
    it('lets a commander check, send back, lower and lift a submitted alert', () => {
      expect(actionsAvailable('submitted', 'commander')).toEqual(['county_check', 'send_back', 'lower', 'lift', 'comment']);
      expect(actionsAvailable('acknowledged', 'commander')).toEqual(['dispatch', 'lower', 'lift', 'comment']);
    });
    it('gives higher roles everything lower roles have', () => {
      for (const state of ALERT_STATES) {
        for (let i = 1; i < ROLES.length; i++) {
          expect(actionsAvailable(state, ROLES[i]!)).toEqual(expect.arrayContaining(actionsAvailable(state, ROLES[i - 1]!)));
        }
      }
    });
  });

  it('sets default deadlines by level, none where a person sets them', () => {
    expect(defaultDueAt('raised', 'red', 0)).toBe(5 * 60_000);
    expect(defaultDueAt('raised', 'blue', 0)).toBe(4 * 3_600_000);
    expect(defaultDueAt('province_tracking', 'yellow', 1000)).toBe(1000 + 7 * 86_400_000);
    expect(defaultDueAt('dispatched', 'red', 0)).toBeNull();
    expect(defaultDueAt('rectifying', 'red', 0)).toBeNull();
  });
});
