import type { AlertLevel } from '@tianyan/contracts';
import { AlertTracker, type AlertChange } from './alert-tracker';
import { alertKey } from './alert-key';
import type { Finding, FindingStatus } from './finding';

let at = 0;
function finding(status: FindingStatus, level: AlertLevel | null = null, severity: number | null = null, subject = '7783-06-4', deviceId = 'ms-1'): Finding {
  return {
    ruleId: 'rule-h2s', ruleKind: 'exposure', ruleName: 'H2S exposure', deviceId, deviceKind: 'ms', subject,
    status, level, severity, measure: { value: severity, limit: null, unit: 'ppm', basis: null, facts: {} },
    title: `${status} ${level ?? ''} ${severity ?? ''}`, drill: false, lat: null, lon: null, at: ++at, reading: null,
  };
}
const level = (l: AlertLevel, severity: number, subject?: string, deviceId?: string) => finding('level', l, severity, subject, deviceId);
const types = (changes: AlertChange[]) => changes.map((c) => c.type);

function tracker(refreshMs = 5000) {
  let n = 0;
  return new AlertTracker({ refreshMs, newId: () => `alert-${++n}` });
}

describe('AlertTracker', () => {
  describe('de-duplication', () => {
    it('turns a storm of readings above a limit into one raise', () => {
      const t = tracker();
      const storm = Array.from({ length: 500 }, () => level('yellow', 1));
      const first = t.apply(storm.slice(0, 250), 0);
      expect(first).toEqual([{ type: 'raise', alertId: 'alert-1', key: 'rule-h2s|ms-1|7783-06-4', finding: storm[0], first: storm[0] }]);
      expect(t.apply(storm.slice(250), 100)).toEqual([]);
      expect(t.openCount).toBe(1);
    });

    it('keeps one alert per rule × device × subject', () => {
      const t = tracker();
      const changes = t.apply([level('yellow', 1), level('yellow', 1, '7782-50-5'), level('yellow', 1, '7783-06-4', 'ms-2'), level('orange', 30)], 0);
      expect(changes.map((c) => (c.type === 'raise' ? c.key : c.type))).toEqual(['rule-h2s|ms-1|7783-06-4', 'rule-h2s|ms-1|7782-50-5', 'rule-h2s|ms-2|7783-06-4']);
      expect(t.openCount).toBe(3);
    });

    it('raises at the highest level the batch reached, with the finding that reached it', () => {
      const t = tracker();
      const first = level('yellow', 1);
      const orange = level('orange', 30);
      const changes = t.apply([first, level('yellow', 2), orange, level('orange', 29), level('yellow', 3)], 0);
      expect(changes).toEqual([{ type: 'raise', alertId: 'alert-1', key: alertKey(orange), finding: orange, first }]);
      expect(t.apply([level('orange', 29)], 1)).toEqual([]);
    });

    it('ignores clears and holds of keys without an open alert', () => {
      const t = tracker();
      expect(t.apply([finding('clear'), finding('hold', null, 0.49)], 0)).toEqual([]);
      expect(t.openCount).toBe(0);
    });

    it('refuses a level finding without a level', () => {
      expect(() => tracker().apply([finding('level', null, 1)], 0)).toThrow('status "level" needs a level');
    });
  });

  describe('late readings', () => {
    it('starts a raised alert at the earliest finding of the batch, not the first to arrive', () => {
      const t = tracker();
      const later = level('yellow', 1);
      const earlier = { ...level('yellow', 1), at: later.at - 100 };
      expect(t.apply([later, earlier], 0)).toMatchObject([{ type: 'raise', first: earlier }]);
    });

    it('moves an open alert\'s start when an earlier reading of the condition arrives late, once', () => {
      const t = tracker();
      const first = level('yellow', 1);
      t.apply([first], 0);
      const earlier = { ...level('yellow', 1), at: first.at - 500 };
      expect(t.apply([earlier], 1)).toEqual([{ type: 'earlier', alertId: 'alert-1', finding: earlier }]);
      expect(t.apply([{ ...level('yellow', 1), at: first.at - 200 }], 2)).toEqual([]);
    });

    it('takes the start of alerts loaded at boot from the database', () => {
      const t = tracker();
      t.load([{ id: 'a', key: 'rule-h2s|ms-1|7783-06-4', level: 'yellow', active: true, peakSeverity: 5, firstAt: 1000 }]);
      expect(types(t.apply([{ ...level('yellow', 1), at: 999 }], 0))).toEqual(['earlier']);
      expect(types(t.apply([{ ...level('yellow', 1), at: 1001 }], 1))).toEqual([]);
    });
  });

  describe('levels', () => {
    it('escalates when the value reaches a higher colour, saying from which', () => {
      const t = tracker();
      t.apply([level('yellow', 1)], 0);
      const red = level('red', 60);
      expect(t.apply([level('orange', 30), red, level('orange', 31)], 1)).toEqual([{ type: 'escalate', alertId: 'alert-1', from: 'yellow', finding: red }]);
    });

    it('never drops by itself: lower values keep it orange', () => {
      const t = tracker();
      t.apply([level('orange', 30)], 0);
      expect(types(t.apply([level('yellow', 1)], 1))).toEqual([]);
      t.apply([finding('clear')], 2);
      expect(types(t.apply([level('yellow', 1)], 3))).toEqual(['return']);
      expect(types(t.apply([level('orange', 28)], 4))).toEqual([]);
      expect(t.apply([level('red', 60)], 5)).toMatchObject([{ type: 'escalate', from: 'orange' }]);
    });

    it('compares later escalation with the level a person lowered it to', () => {
      const t = tracker();
      t.apply([level('red', 60)], 0);
      t.lowered('alert-1', 'yellow');
      expect(t.apply([level('orange', 30)], 1)).toMatchObject([{ type: 'escalate', from: 'yellow' }]);
      expect(t.apply([level('orange', 30)], 2)).toEqual([]);
    });

    it('links a worse reading at the same level as a peak, once per new worst', () => {
      const t = tracker(60_000);
      t.apply([level('yellow', 1)], 0);
      const worst = level('yellow', 2.5);
      expect(t.apply([level('yellow', 2), worst, level('yellow', 2.4)], 1)).toEqual([{ type: 'peak', alertId: 'alert-1', finding: worst }]);
      expect(t.apply([level('yellow', 2.4)], 2)).toEqual([]);
    });
  });

  describe('refresh', () => {
    it('reports a holding condition at most once per refreshMs', () => {
      const t = tracker(5000);
      t.apply([level('yellow', 1)], 0);
      const tenHz = (from: number) => Array.from({ length: 10 }, () => level('yellow', 1)).map((f) => t.apply([f], from));
      expect(tenHz(1000).flat()).toEqual([]);
      const at5s = t.apply([level('yellow', 1)], 5000);
      expect(types(at5s)).toEqual(['refresh']);
      expect(t.apply([finding('hold', null, 0.48)], 9999)).toEqual([]);
      expect(t.apply([finding('hold', null, 0.48)], 10_000)).toMatchObject([{ type: 'refresh', finding: { status: 'hold' } }]);
    });

    it('counts any change as an update', () => {
      const t = tracker(5000);
      t.apply([level('yellow', 1)], 0);
      t.apply([level('yellow', 2)], 6000);
      expect(t.apply([level('yellow', 1)], 7000)).toEqual([]);
    });
  });

  describe('clear and return', () => {
    it('clears once, keeps the alert open and lets it return', () => {
      const t = tracker();
      t.apply([level('yellow', 1)], 0);
      const gone = finding('clear');
      expect(t.apply([finding('hold', null, 0.48), gone], 1)).toEqual([{ type: 'clear', alertId: 'alert-1', finding: gone }]);
      expect(t.apply([finding('clear'), finding('hold', null, 0.48)], 2)).toEqual([]);
      expect(t.openCount).toBe(1);
      const back = level('yellow', 0.9);
      expect(t.apply([back], 3)).toEqual([{ type: 'return', alertId: 'alert-1', finding: back }]);
    });

    it('reports a return at a higher colour as an escalation', () => {
      const t = tracker();
      t.apply([level('yellow', 1)], 0);
      t.apply([finding('clear')], 1);
      expect(types(t.apply([level('red', 60)], 2))).toEqual(['escalate']);
      expect(types(t.apply([finding('clear')], 3))).toEqual(['clear']);
    });

    it('collapses a batch to its net effect', () => {
      const t = tracker(60_000);
      expect(types(t.apply([level('yellow', 1), finding('clear')], 0))).toEqual(['raise', 'clear']);
      expect(types(t.apply([level('yellow', 1), finding('clear')], 1))).toEqual([]);
      expect(types(t.apply([level('yellow', 1)], 2))).toEqual(['return']);
      expect(types(t.apply([finding('clear'), level('yellow', 1)], 3))).toEqual([]);
      expect(types(t.apply([finding('clear'), level('orange', 30), finding('clear')], 4))).toEqual(['escalate', 'clear']);
    });

    it('reports a return and a new worst reading together', () => {
      const t = tracker();
      t.apply([level('yellow', 1)], 0);
      t.apply([finding('clear')], 1);
      const back = level('yellow', 0.8);
      const worst = level('yellow', 3);
      expect(t.apply([back, worst], 2)).toEqual([{ type: 'return', alertId: 'alert-1', finding: back }, { type: 'peak', alertId: 'alert-1', finding: worst }]);
    });
  });

  describe('people and restarts', () => {
    it('raises a new alert after a person closed the old one', () => {
      const t = tracker();
      t.apply([level('yellow', 1)], 0);
      t.forget('alert-1');
      expect(t.openCount).toBe(0);
      expect(t.apply([level('yellow', 1)], 1)).toMatchObject([{ type: 'raise', alertId: 'alert-2' }]);
      t.forget('no-such-alert');
      expect(t.openCount).toBe(1);
    });

    it('continues alerts open in the database', () => {
      const t = tracker();
      const key = 'rule-h2s|ms-1|7783-06-4';
      t.load([{ id: 'db-1', key, level: 'orange', active: true, peakSeverity: 30 }, { id: 'db-2', key: 'rule-h2s|ms-2|7783-06-4', level: 'yellow', active: false, peakSeverity: null }]);
      expect(t.openCount).toBe(2);
      expect(t.apply([level('orange', 29)], 0)).toMatchObject([{ type: 'refresh', alertId: 'db-1' }]);
      expect(t.apply([level('orange', 31)], 1)).toMatchObject([{ type: 'peak', alertId: 'db-1' }]);
      expect(t.apply([level('yellow', 1, '7783-06-4', 'ms-2')], 2)).toMatchObject([{ type: 'return', alertId: 'db-2' }, { type: 'peak', alertId: 'db-2' }]);
      expect(t.apply([level('red', 60)], 3)).toMatchObject([{ type: 'escalate', alertId: 'db-1', from: 'orange' }]);
    });
  });
});
