import type { AlertNotice } from './alert-events';
import { AlertFeed } from './alert-feed';
import { makeAlert } from '../testing/alert-fixtures';

const alert = (id: string, level: AlertNotice['level'], raisedAtS: number, state: AlertNotice['state'] = 'raised'): AlertNotice =>
  makeAlert({ id, level, state, raisedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, raisedAtS)).toISOString(), title: id });

describe('AlertFeed', () => {
  it('starts empty and orders open alerts by level, then newest', () => {
    const feed = new AlertFeed();
    expect(feed.open()).toEqual([]);
    feed.apply([alert('a', 'yellow', 1), alert('b', 'red', 2), alert('c', 'yellow', 3)]);
    expect(feed.open().map((a) => a.id)).toEqual(['b', 'c', 'a']);
  });

  it('updates in place, drops closed alerts and notifies listeners', () => {
    const feed = new AlertFeed();
    let calls = 0;
    feed.subscribe(() => calls++);
    feed.apply([alert('a', 'orange', 1)]);
    feed.apply([alert('a', 'orange', 1, 'acknowledged')]);
    expect(feed.open()[0]!.state).toBe('acknowledged');
    feed.apply([alert('a', 'orange', 1, 'closed')]);
    expect(feed.open()).toEqual([]);
    expect(calls).toBe(3);
  });

  it('stays bounded', () => {
    const feed = new AlertFeed(3);
    feed.apply(['a', 'b', 'c', 'd', 'e'].map((id, i) => alert(id, 'blue', i)));
    expect(feed.open().map((a) => a.id)).toEqual(['e', 'd', 'c']);
  });
});
