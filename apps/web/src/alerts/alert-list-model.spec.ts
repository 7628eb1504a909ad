import type { Alert } from '@tianyan/contracts';
import { DEFAULT_ALERT_FILTER } from './alert-filter';
import { AlertListModel } from './alert-list-model';
import { makeAlert } from '@tianyan/testing';

const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();
const alert = (id: string, raisedMin: number, o: Partial<Alert> = {}) => makeAlert({ id, raisedAt: at(raisedMin), updatedAt: at(raisedMin), ...o });
const ids = (m: AlertListModel) => m.items.map((a) => a.id);

function page(limit: number, items: Alert[], total: number, offset = 0, filter = DEFAULT_ALERT_FILTER) {
  const m = new AlertListModel(limit);
  m.setPage({ items, total }, filter, offset);
  return m;
}

describe('AlertListModel', () => {
  it('ignores live events until a page is loaded', () => {
    const m = new AlertListModel(3);
    expect(m.applyLive('alert:raised', [alert('a', 1)])).toBe(false);
    expect(m.items).toEqual([]);
  });

  it('puts a new matching alert on top of the first page, keeping the page size', () => {
    const m = page(3, [alert('c', 3), alert('b', 2), alert('a', 1)], 10);
    const v = m.version;
    expect(m.applyLive('alert:raised', [alert('d', 4)])).toBe(true);
    expect(ids(m)).toEqual(['d', 'c', 'b']);
    expect(m.total).toBe(11);
    expect(m.version).toBeGreaterThan(v);
  });

  it('counts but does not show a new alert on a later page', () => {
    const m = page(2, [alert('b', 2), alert('a', 1)], 6, 2);
    m.applyLive('alert:raised', [alert('z', 9)]);
    expect(ids(m)).toEqual(['b', 'a']);
    expect(m.total).toBe(7);
    expect(m.pageIndex).toBe(1);
    expect(m.pageCount).toBe(4);
  });

  it('updates rows in place, ignoring stale copies', () => {
    const m = page(3, [alert('b', 2), alert('a', 1)], 2);
    m.applyLive('alert:updated', [alert('a', 1, { state: 'acknowledged', updatedAt: at(5) })]);
    expect(m.items[1]!.state).toBe('acknowledged');
    expect(m.applyLive('alert:updated', [alert('a', 1, { state: 'raised', updatedAt: at(3) })])).toBe(false);
    expect(m.items[1]!.state).toBe('acknowledged');
  });

  it('drops a row that no longer matches the filter (closed, while showing open only)', () => {
    const m = page(3, [alert('b', 2), alert('a', 1)], 2, 0, { ...DEFAULT_ALERT_FILTER, openOnly: true });
    m.applyLive('alert:updated', [alert('b', 2, { state: 'closed', updatedAt: at(9) })]);
    expect(ids(m)).toEqual(['a']);
    expect(m.total).toBe(1);
  });

  it('does not add alerts that do not match, and adds an update that starts matching', () => {
    const m = page(3, [alert('a', 1, { level: 'red' })], 1, 0, { ...DEFAULT_ALERT_FILTER, levels: ['red'] });
    expect(m.applyLive('alert:raised', [alert('y', 5, { level: 'yellow' })])).toBe(false);
    m.applyLive('alert:updated', [alert('y', 5, { level: 'red', updatedAt: at(6) })]);
    expect(ids(m)).toEqual(['y', 'a']);
    expect(m.total).toBe(2);
  });
});
