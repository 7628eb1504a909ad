import { makeSnapshot } from './situation-fixtures';
import { SituationStore } from './situation-store';

describe('SituationStore', () => {
  let wall = 1_000_000;
  const store = () => new SituationStore({ liveStaleMs: 60_000 }, () => wall);
  beforeEach(() => (wall = 1_000_000));

  it('keeps the newest live picture per incident and shows every open incident when none is picked', () => {
    const s = store();
    s.applyLive(makeSnapshot({ incidentId: 'a', at: 2000 }));
    s.applyLive(makeSnapshot({ incidentId: 'b', at: 1000 }));
    s.applyLive(makeSnapshot({ incidentId: 'a', at: 1500 })); // late, older: dropped
    expect(s.visible().map((x) => [x.incidentId, x.at])).toEqual([['a', 2000], ['b', 1000]]);
  });

  it('drops live pictures while replaying, and replayed ones while live', () => {
    const s = store();
    expect(s.applyReplay([makeSnapshot({ at: 1 })])).toBe(false);
    s.switchTo('replay', 'inc-1');
    expect(s.applyLive(makeSnapshot({ at: 2 }))).toBe(false);
    expect(s.applyReplay([makeSnapshot({ at: 3 }), makeSnapshot({ at: 4 })])).toBe(true);
    expect(s.visible().map((x) => x.at)).toEqual([4]);
  });

  it('keeps only the incident the screen shows', () => {
    const s = store();
    s.switchTo('replay', 'inc-1');
    s.applyReplay([makeSnapshot({ incidentId: 'other', at: 5 }), makeSnapshot({ incidentId: 'inc-1', at: 3 })]);
    expect(s.visible().map((x) => x.incidentId)).toEqual(['inc-1']);
    s.switchTo('live', 'inc-2');
    expect(s.visible()).toEqual([]);
    s.applyLive(makeSnapshot({ incidentId: 'inc-1', at: 9 }));
    s.applyLive(makeSnapshot({ incidentId: 'inc-2', at: 9 }));
    expect(s.visible().map((x) => x.incidentId)).toEqual(['inc-2']);
  });

  it('a seek replaces the held picture even with an older one, and clears it with null', () => {
    const s = store();
    s.switchTo('replay', 'inc-1');
    s.applyReplay([makeSnapshot({ at: 5000 })]);
    s.seekResult('inc-1', makeSnapshot({ at: 1000 }));
    expect(s.visible().map((x) => x.at)).toEqual([1000]);
    s.seekResult('inc-1', null);
    expect(s.visible()).toEqual([]);
  });

  it('forgets a live incident that went quiet (closed or without readings)', () => {
    const s = store();
    s.applyLive(makeSnapshot({ incidentId: 'a', at: 1 }));
    wall += 30_000;
    s.applyLive(makeSnapshot({ incidentId: 'b', at: 1 }));
    wall += 40_000;
    expect(s.visible().map((x) => x.incidentId)).toEqual(['b']);
  });

  it('ignores malformed snapshots and tells listeners only about changes', () => {
    const s = store();
    const calls: number[] = [];
    s.subscribe(() => calls.push(1));
    expect(s.applyLive({ ...makeSnapshot(), at: Number.NaN })).toBe(false);
    expect(s.applyLive(makeSnapshot())).toBe(true);
    expect(calls).toHaveLength(1);
  });
});
