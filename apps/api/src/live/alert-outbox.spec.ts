import { makeAlert } from '@tianyan/testing';
import { ALERT_FIGURES_INTERVAL_MS, AlertOutbox } from './alert-outbox';

const t0 = Date.UTC(2026, 10, 24, 8, 0, 0);
const figures = (occurrences: number, value: number) =>
  makeAlert({ occurrences, measure: { value, limit: 0.51, unit: 'ppm', basis: null, facts: {} }, title: `H2S ${value} ppm` });
const ids = (alerts: { id: string; occurrences: number }[]) => alerts.map((a) => `${a.id}#${a.occurrences}`);

describe('AlertOutbox', () => {
  it('pushes raised and updated alerts on the next tick, each alert once with its newest version', () => {
    const box = new AlertOutbox();
    box.offer('raised', [makeAlert({ id: 'a' })]);
    box.offer('updated', [makeAlert({ id: 'a', occurrences: 2 }), makeAlert({ id: 'b', occurrences: 5 })]);
    box.offer('updated', [makeAlert({ id: 'b', occurrences: 6 })]);
    const push = box.take(t0);
    // A raise not yet pushed stays a raise and carries the update.
    expect(ids(push.raised)).toEqual(['a#2']);
    expect(ids(push.updated)).toEqual(['b#6']);
    expect(box.take(t0 + 25)).toEqual({ raised: [], updated: [] });
  });

  it('pushes figure-only updates together at most once per interval, each alert once in its newest version', () => {
    const box = new AlertOutbox();
    box.offer('raised', [figures(1, 0.8), { ...figures(1, 0.8), id: 'other' }]);
    box.take(t0);
    // Quiet until now: the first figures leave at once.
    box.offer('updated', [figures(2, 0.9)]);
    expect(ids(box.take(t0 + 25).updated)).toEqual(['alert-1#2']);
    box.offer('updated', [figures(3, 1.0)]);
    box.offer('updated', [{ ...figures(2, 0.9), id: 'other' }]);
    box.offer('updated', [figures(4, 1.1)]);
    expect(box.take(t0 + 50).updated).toEqual([]);
    expect(box.take(t0 + 25 + ALERT_FIGURES_INTERVAL_MS - 1).updated).toEqual([]);
    // Nothing is dropped: the newest versions leave together once the interval is up.
    const late = box.take(t0 + 25 + ALERT_FIGURES_INTERVAL_MS);
    expect(ids(late.updated)).toEqual(['alert-1#4', 'other#2']);
    expect(late.updated[0]!.measure.value).toBe(1.1);
  });

  it.each([
    ['a colour change', { level: 'orange' as const, peakLevel: 'orange' as const }],
    ['an acknowledgement', { state: 'acknowledged' as const }],
    ['an escalation', { escalations: 1, overdue: true }],
    ['the condition clearing', { active: false }],
    ['an assignment', { unitId: 'unit-7' }],
  ])('pushes %s on the next tick, held figures included', (_what, change) => {
    const box = new AlertOutbox();
    box.offer('raised', [figures(1, 0.8)]);
    box.take(t0);
    box.offer('updated', [figures(2, 0.9)]);
    box.take(t0 + 25);
    box.offer('updated', [figures(3, 1.0)]);
    expect(box.take(t0 + 50).updated).toEqual([]);
    box.offer('updated', [{ ...figures(4, 2.4), ...change }]);
    expect(box.take(t0 + 75).updated).toEqual([{ ...figures(4, 2.4), ...change }]);
    // The significant change is the new baseline: figures after it wait again.
    box.offer('updated', [{ ...figures(5, 2.5), ...change }]);
    expect(box.take(t0 + 100).updated).toEqual([]);
  });

  it('treats an update of an alert it no longer remembers as a change, and remembers a bounded number', () => {
    const box = new AlertOutbox();
    box.offer('updated', [figures(1, 0.8)]);
    box.take(t0);
    box.offer('raised', Array.from({ length: 10_000 }, (_, i) => ({ ...figures(1, 0.8), id: `storm-${i}` })));
    box.take(t0 + 25);
    expect((box as unknown as { pushed: Map<string, string> }).pushed.size).toBe(10_000);
    box.offer('updated', [{ ...figures(2, 0.9), id: 'storm-9998' }]);
    expect(ids(box.take(t0 + 30).updated)).toEqual(['storm-9998#2']);
    // alert-1 was forgotten to make room: its figures are not held back.
    box.offer('updated', [figures(2, 0.9), { ...figures(2, 0.9), id: 'storm-9999' }]);
    expect(ids(box.take(t0 + 50).updated)).toEqual(['alert-1#2']);
  });
});
