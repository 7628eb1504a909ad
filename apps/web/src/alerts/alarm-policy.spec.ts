import type { Alert } from '@tianyan/contracts';
import { alarmFor } from './alarm-policy';
import { makeAlert } from '@tianyan/testing';

const held = (...alerts: Alert[]) => (id: string) => alerts.find((a) => a.id === id);
const none = held();

describe('alarmFor', () => {
  it('sounds for a new orange or red alert, at the worst colour of the batch', () => {
    expect(alarmFor('alert:raised', [makeAlert({ id: 'a', level: 'orange' })], none)).toEqual({ level: 'orange', alertIds: ['a'] });
    expect(alarmFor('alert:raised', [makeAlert({ id: 'a', level: 'orange' }), makeAlert({ id: 'b', level: 'red' }), makeAlert({ id: 'c', level: 'yellow' })], none)).toEqual({ level: 'red', alertIds: ['a', 'b'] });
  });

  it('stays silent for blue and yellow raises', () => {
    expect(alarmFor('alert:raised', [makeAlert({ level: 'blue' }), makeAlert({ id: 'y', level: 'yellow' })], none)).toBeNull();
  });

  it('never sounds for drills, whatever the colour', () => {
    expect(alarmFor('alert:raised', [makeAlert({ level: 'red', drill: true })], none)).toBeNull();
    const before = makeAlert({ level: 'yellow', drill: true });
    expect(alarmFor('alert:updated', [{ ...before, level: 'red' }], held(before))).toBeNull();
  });

  it('sounds when an update raises the colour into orange or red', () => {
    const yellow = makeAlert({ level: 'yellow' });
    expect(alarmFor('alert:updated', [{ ...yellow, level: 'orange' }], held(yellow))).toEqual({ level: 'orange', alertIds: ['alert-1'] });
    const orange = makeAlert({ level: 'orange' });
    expect(alarmFor('alert:updated', [{ ...orange, level: 'red' }], held(orange))?.level).toBe('red');
  });

  it('sounds when an overdue step escalates an orange or red alert, not a yellow one', () => {
    const red = makeAlert({ level: 'red', escalations: 0 });
    expect(alarmFor('alert:updated', [{ ...red, escalations: 1, overdue: true }], held(red))?.level).toBe('red');
    const yellow = makeAlert({ level: 'yellow', escalations: 0 });
    expect(alarmFor('alert:updated', [{ ...yellow, escalations: 1, overdue: true }], held(yellow))).toBeNull();
  });

  it('stays silent for updates that change no colour: acknowledgement, new reading, lowering', () => {
    const red = makeAlert({ level: 'red' });
    expect(alarmFor('alert:updated', [{ ...red, state: 'acknowledged' }], held(red))).toBeNull();
    expect(alarmFor('alert:updated', [{ ...red, occurrences: 4 }], held(red))).toBeNull();
    expect(alarmFor('alert:updated', [{ ...red, level: 'orange' }], held(red))).toBeNull();
  });

  it('stays silent for an update of an alert it never held (it cannot tell a rise)', () => {
    expect(alarmFor('alert:updated', [makeAlert({ level: 'red' })], none)).toBeNull();
  });

  it('does not sound twice for a raise delivered again, nor for closed alerts', () => {
    const red = makeAlert({ level: 'red' });
    expect(alarmFor('alert:raised', [red], held(red))).toBeNull();
    expect(alarmFor('alert:raised', [makeAlert({ level: 'red', state: 'lifted' })], none)).toBeNull();
  });
});
