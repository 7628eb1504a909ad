import type { Alert, AlertLevel, Page } from '@tianyan/contracts';
import { AlarmMute } from './alarm-mute';
import { AlarmTone } from './alarm-tone';
import type { AlertApi } from './alert-api';
import { AlertCenter, type AlertCenterChange } from './alert-center';
import { DEFAULT_ALERT_FILTER } from './alert-filter';
import { makeAlert } from '@tianyan/testing';

class SpyTone extends AlarmTone {
  played: AlertLevel[] = [];
  constructor() {
    super(() => null);
  }
  override play(level: AlertLevel): boolean {
    this.played.push(level);
    return true;
  }
}

function center(pages: Page<Alert>[] = []) {
  const api = { list: jest.fn(() => Promise.resolve(pages.shift() ?? { items: [], total: 0 })) } as unknown as AlertApi;
  const tone = new SpyTone();
  const mute = new AlarmMute(null);
  const c = new AlertCenter(api, mute, tone, () => undefined);
  const changes: AlertCenterChange[] = [];
  c.subscribe((ch) => changes.push(ch));
  return { c, tone, mute, changes, api };
}

describe('AlertCenter', () => {
  it('sounds and flashes a red raise, then holds the alert for the ticker', () => {
    const { c, tone, changes } = center();
    c.onSocket([makeAlert({ id: 'r', level: 'red' })], 'alert:raised');
    expect(tone.played).toEqual(['red']);
    expect(changes.find((ch) => ch.topic === 'alarm')).toEqual({ topic: 'alarm', alarm: { level: 'red', alertIds: ['r'] } });
    expect(c.feed.open().map((a) => a.id)).toEqual(['r']);
  });

  it('flashes but stays silent when muted', () => {
    const { c, tone, mute, changes } = center();
    mute.set(true);
    c.onSocket([makeAlert({ level: 'orange' })], 'alert:raised');
    expect(tone.played).toEqual([]);
    expect(changes.some((ch) => ch.topic === 'alarm')).toBe(true);
  });

  it('decides on the copy held before the event: an escalation to orange sounds once', () => {
    const { c, tone } = center();
    const a = makeAlert({ level: 'yellow' });
    c.onSocket([a], 'alert:raised');
    c.onSocket([{ ...a, level: 'orange', updatedAt: '2026-01-01T00:01:00.000Z' }], 'alert:updated');
    c.onSocket([{ ...a, level: 'orange', occurrences: 2, updatedAt: '2026-01-01T00:02:00.000Z' }], 'alert:updated');
    expect(tone.played).toEqual(['orange']);
  });

  it('never sounds for its own action answers', () => {
    const { c, tone } = center();
    c.applyOwn(makeAlert({ level: 'red' }));
    expect(tone.played).toEqual([]);
    expect(c.feed.size).toBe(1);
  });

  it('keeps only the newest list request\'s page', async () => {
    const { c } = center([{ items: [makeAlert({ id: 'old' })], total: 1 }, { items: [makeAlert({ id: 'new' })], total: 1 }]);
    const first = c.loadList(DEFAULT_ALERT_FILTER, 0);
    const second = c.loadList({ ...DEFAULT_ALERT_FILTER, levels: ['red'] }, 0);
    await Promise.all([first, second]);
    expect(c.list.items.map((a) => a.id)).toEqual(['new']);
    expect(c.list.filter.levels).toEqual(['red']);
    expect(c.listLoading).toBe(false);
  });

  it('loads the open alerts into the feed', async () => {
    const { c, api } = center([{ items: [makeAlert({ id: 'x', level: 'blue' })], total: 1 }]);
    await c.loadOpen();
    expect(c.feed.open().map((a) => a.id)).toEqual(['x']);
    expect((api.list as jest.Mock).mock.calls[0][0]).toMatchObject({ openOnly: true });
  });
});
