import { actionRequestFrom, lowerLevels, type ActionFormValues } from './action-request';

const empty: ActionFormValues = { note: '', deadline: '', unitId: '', level: '', attachmentIds: [] };
const now = Date.parse('2026-01-01T00:00:00Z');
const unit = '4b0f7c2e-8a43-4a58-9c5e-2f1d7e6b9a10';

describe('lowerLevels', () => {
  it('lists the colours below the current one', () => {
    expect(lowerLevels('red')).toEqual(['blue', 'yellow', 'orange']);
    expect(lowerLevels('blue')).toEqual([]);
  });
});

describe('actionRequestFrom', () => {
  it('sends acknowledge with nothing but the action (and a note if given)', () => {
    expect(actionRequestFrom('acknowledge', empty, { level: 'red' }, now)).toEqual({ request: { action: 'acknowledge' } });
    expect(actionRequestFrom('acknowledge', { ...empty, note: ' on it ' }, { level: 'red' }, now)).toEqual({ request: { action: 'acknowledge', note: 'on it' } });
  });

  it('needs a unit and a future deadline to dispatch, the deadline in Beijing time', () => {
    expect(actionRequestFrom('dispatch', empty, { level: 'red' }, now)).toEqual({ problems: { unitId: 'required', deadline: 'required' } });
    expect(actionRequestFrom('dispatch', { ...empty, unitId: unit, deadline: '2026-01-01T07:59' }, { level: 'red' }, now)).toEqual({ problems: { deadline: 'past' } });
    expect(actionRequestFrom('dispatch', { ...empty, unitId: unit, deadline: 'soon' }, { level: 'red' }, now)).toEqual({ problems: { deadline: 'invalid' } });
    expect(actionRequestFrom('dispatch', { ...empty, unitId: unit, deadline: '2026-01-02T08:00' }, { level: 'red' }, now)).toEqual({
      request: { action: 'dispatch', unitId: unit, deadline: '2026-01-02T08:00:00+08:00' },
    });
  });

  it('needs a note for checks and close-out, a note and deadline to send back', () => {
    expect(actionRequestFrom('county_check', empty, { level: 'red' }, now)).toEqual({ problems: { note: 'required' } });
    expect(actionRequestFrom('send_back', { ...empty, note: 'redo' }, { level: 'red' }, now)).toEqual({ problems: { deadline: 'required' } });
    expect(actionRequestFrom('close', { ...empty, note: '公示期满', attachmentIds: ['a'] }, { level: 'red' }, now)).toEqual({ request: { action: 'close', note: '公示期满', attachmentIds: ['a'] } });
  });

  it('lowers only to a colour below the current one', () => {
    expect(actionRequestFrom('lower', { ...empty, note: 'sensor drift', level: 'red' }, { level: 'orange' }, now)).toEqual({ problems: { level: 'notLower' } });
    expect(actionRequestFrom('lower', { ...empty, note: 'sensor drift', level: 'yellow' }, { level: 'orange' }, now)).toEqual({ request: { action: 'lower', note: 'sensor drift', level: 'yellow' } });
  });

  it('refuses what the server schema would (a unit id that is not a UUID)', () => {
    expect(actionRequestFrom('dispatch', { ...empty, unitId: 'county-1', deadline: '2026-01-02T08:00' }, { level: 'red' }, now)).toEqual({ problems: { unitId: 'invalid' } });
  });
});
