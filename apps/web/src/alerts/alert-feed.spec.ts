import type { Alert } from '@tianyan/contracts';
import { AlertFeed } from './alert-feed';
import { makeAlert } from '@tianyan/testing';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const alert = (id: string, level: Alert['level'], raisedAtS: number, o: Partial<Alert> = {}): Alert =>
  makeAlert({ id, level, raisedAt: at(raisedAtS), updatedAt: at(raisedAtS), title: id, ...o });

describe('AlertFeed', () => {
  it('starts empty and orders open alerts by colour, then newest', () => {
    const feed = new AlertFeed();
    expect(feed.open()).toEqual([]);
    feed.apply([alert('a', 'yellow', 1), alert('b', 'red', 2), alert('c', 'yellow', 3), alert('d', 'blue', 4)]);
    expect(feed.open().map((a) => a.id)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('updates in place, drops closed and lifted alerts, and notifies only on change', () => {
    const feed = new AlertFeed();
    let calls = 0;
    feed.subscribe(() => calls++);
    feed.apply([alert('a', 'orange', 1), alert('b', 'blue', 1)]);
    feed.apply([alert('a', 'orange', 1, { state: 'acknowledged', updatedAt: at(5) })]);
    expect(feed.get('a')!.state).toBe('acknowledged');
    feed.apply([alert('a', 'orange', 1, { state: 'closed', updatedAt: at(9) }), alert('b', 'blue', 1, { state: 'lifted', updatedAt: at(9) })]);
    expect(feed.open()).toEqual([]);
    feed.apply([alert('a', 'orange', 1, { state: 'acknowledged', updatedAt: at(5) })]); // a late, stale copy
    expect(feed.open()).toEqual([]);
    expect(calls).toBe(3);
  });

  it('never lets an older copy overwrite a newer one', () => {
    const feed = new AlertFeed();
    feed.apply([alert('a', 'red', 1, { state: 'dispatched', updatedAt: at(20) })]);
    feed.apply([alert('a', 'orange', 1, { state: 'raised', updatedAt: at(10) })]);
    expect(feed.get('a')).toMatchObject({ level: 'red', state: 'dispatched' });
  });

  it('takes a REST snapshot but keeps what the socket brought after the request left', () => {
    const feed = new AlertFeed();
    feed.apply([alert('gone', 'red', 1), alert('kept', 'yellow', 2)]);
    const mark = feed.mark();
    feed.apply([alert('new', 'orange', 3)]); // raised while the request was out
    feed.apply([alert('kept', 'yellow', 2, { state: 'closed', updatedAt: at(30) })]); // closed while out
    // The snapshot was taken before 'new' and before 'kept' closed; 'gone' was closed during a socket gap.
    feed.replaceOpen([alert('kept', 'yellow', 2), alert('old', 'blue', 0)], mark);
    expect(feed.open().map((a) => a.id).sort()).toEqual(['new', 'old']);
  });

  it('stays bounded, keeping the worst', () => {
    const feed = new AlertFeed(3);
    feed.apply([alert('r', 'red', 0), ...['a', 'b', 'c', 'd'].map((id, i) => alert(id, 'blue', i + 1))]);
    expect(feed.open().map((a) => a.id)).toEqual(['r', 'd', 'c']);
    expect(feed.size).toBe(3);
  });
});
