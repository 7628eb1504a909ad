import type { Alert, AlertStep, WebhookEvent } from '@tianyan/contracts';
import type { AlertRepository, AlertWrite } from '@tianyan/storage';
import type { WebhookNotifier } from '../notifications/webhook-notifier.service';
import { sampleAlert } from '../notifications/sample-alert';
import { AlertEventBus, type AlertEventKind } from './alert-event-bus';
import { AlertRecorder } from './alert-recorder.service';

/** An alert repository in memory that refuses what a real one would, and what a test tells it to. */
class FakeAlertRepository {
  readonly batches: AlertWrite[][] = [];
  readonly rows = new Map<string, Alert>();
  readonly steps = new Map<string, string[]>();
  /** While set, a write waits for it (a batch in flight). */
  hold: Promise<void> | null = null;
  /** How many more writes that include this alert fail. */
  refusals = new Map<string, number>();

  get(id: string): Promise<Alert | null> {
    return Promise.resolve(this.rows.get(id) ?? null);
  }

  async writeMany(writes: readonly AlertWrite[]): Promise<void> {
    this.batches.push(writes.map((w) => ({ ...w, steps: [...w.steps], readings: [...w.readings] })));
    if (this.hold) await this.hold;
    for (const { alert } of writes) {
      const left = this.refusals.get(alert.id) ?? 0;
      if (left > 0) {
        this.refusals.set(alert.id, left - 1);
        throw new Error(`alert ${alert.id} refused`);
      }
    }
    for (const w of writes) if (w.insert === this.rows.has(w.alert.id)) throw new Error(`alert ${w.alert.id}: ${w.insert ? 'exists' : 'missing'}`);
    for (const w of writes) {
      this.rows.set(w.alert.id, w.alert);
      this.steps.set(w.alert.id, [...(this.steps.get(w.alert.id) ?? []), ...w.steps.map((s) => s.note ?? s.kind)]);
    }
  }
}

const alertNamed = (id: string, over: Partial<Alert> = {}): Alert => ({ ...sampleAlert(new Date(Date.UTC(2026, 0, 3))), id, ...over });
const stepOf = (alert: Alert, note: string): AlertStep => ({
  id: `${alert.id}-${note}`, alertId: alert.id, kind: 'comment', fromState: null, toState: alert.state, level: alert.level, actor: null,
  at: alert.updatedAt, note, unitId: null, dueAt: null, attachments: [],
});
const ids = (writes: readonly { alert: Alert }[]) => writes.map((w) => w.alert.id);

describe('AlertRecorder', () => {
  let repo: FakeAlertRepository;
  let published: Array<[AlertEventKind, string[]]>;
  let notified: Array<Array<{ event: WebhookEvent; alert: Alert }>>;
  let recorder: AlertRecorder;

  beforeEach(() => {
    repo = new FakeAlertRepository();
    const bus = new AlertEventBus();
    published = [];
    bus.subscribe((kind, alerts) => published.push([kind, alerts.map((a) => a.id)]));
    notified = [];
    const notifier = { notifyMany: (notices: Array<{ event: WebhookEvent; alert: Alert }>) => Promise.resolve(void notified.push(notices)) };
    recorder = new AlertRecorder(repo as unknown as AlertRepository, bus, notifier as unknown as WebhookNotifier);
  });
  afterEach(() => jest.useRealTimers());

  /** Raises an alert with one step; returns it and the promise of its commit. */
  const raise = (id: string, note = 'raised') => {
    const alert = alertNamed(id);
    return { alert, done: recorder.record({ alert, insert: true, steps: [stepOf(alert, note)], notify: ['raised'] }) };
  };
  const change = (alert: Alert, note: string, notify: WebhookEvent[] = []) => {
    const next = { ...alert, title: note };
    return { alert: next, done: recorder.record({ alert: next, steps: [stepOf(next, note)], notify }) };
  };

  it('writes the alerts recorded in one tick as one batch, and publishes and notifies only once it committed', async () => {
    let release!: () => void;
    repo.hold = new Promise((resolve) => (release = resolve));
    const raised = ['a', 'b', 'c', 'd', 'e'].map((id) => raise(id));
    let committed = 0;
    for (const r of raised) void r.done.then(() => committed++);

    await new Promise((resolve) => setImmediate(resolve));
    expect(repo.batches.map(ids)).toEqual([['a', 'b', 'c', 'd', 'e']]);
    expect(repo.batches[0]!.every((w) => w.insert && w.steps.length === 1)).toBe(true);
    expect({ committed, published, notified }).toEqual({ committed: 0, published: [], notified: [] });

    release();
    await Promise.all(raised.map((r) => r.done));
    expect(published).toEqual([['raised', ['a', 'b', 'c', 'd', 'e']]]);
    expect(notified).toHaveLength(1);
    expect(notified[0]!.map((n) => [n.event, n.alert.id])).toEqual(['a', 'b', 'c', 'd', 'e'].map((id) => ['raised', id]));
    expect(repo.batches).toHaveLength(1);
  });

  it('merges the changes that arrive while a batch is in flight into one next write per alert, kept in order', async () => {
    let release!: () => void;
    repo.hold = new Promise((resolve) => (release = resolve));
    const a = raise('a');
    const b = raise('b');
    await new Promise((resolve) => setImmediate(resolve));
    // A merges into nothing in flight: its next write waits for the batch holding its insert.
    const a2 = change(a.alert, 'ack', ['state']);
    const a3 = change(a2.alert, 'comment');
    const c = raise('c');
    // A change of an alert not yet written merges into its insert.
    const c2 = change(c.alert, 'escalated', ['escalated']);
    repo.hold = null;
    release();

    await Promise.all([a.done, b.done, a2.done, a3.done, c.done, c2.done]);
    expect(repo.batches.map(ids)).toEqual([['a', 'b'], ['a', 'c']]);
    const [nextA, nextC] = repo.batches[1]!;
    expect(nextA).toMatchObject({ insert: false, alert: { title: 'comment' } });
    expect(nextA!.steps.map((s) => s.note)).toEqual(['ack', 'comment']);
    expect(nextC).toMatchObject({ insert: true, alert: { title: 'escalated' } });
    expect(nextC!.steps.map((s) => s.note)).toEqual(['raised', 'escalated']);
    expect(repo.steps.get('a')).toEqual(['raised', 'ack', 'comment']);
    expect(published).toEqual([['raised', ['a', 'b']], ['raised', ['c']], ['updated', ['a']]]);
    expect(notified.map((batch) => batch.map((n) => `${n.event} ${n.alert.id}`))).toEqual([['raised a', 'raised b'], ['state a', 'raised c', 'escalated c']]);
  });

  it('writes a failed batch one by one, keeps the alert that keeps failing out of later batches until it is stored, and never drops it', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    // The batch, the first write alone and the first retry fail; the second retry (after 100 + 200 ms) succeeds.
    repo.refusals.set('poison', 3);
    const a = raise('a');
    const poison = raise('poison');
    const b = raise('b');
    let poisonStored = false;
    void poison.done.then(() => (poisonStored = true));

    await Promise.all([a.done, b.done]);
    expect(repo.batches.map(ids)).toEqual([['a', 'poison', 'b'], ['a'], ['poison'], ['b']]);
    expect(published).toEqual([['raised', ['a']], ['raised', ['b']]]);

    // Later changes go on in batches without it; its own wait for its write.
    const poison2 = change(poison.alert, 'ack', ['state']);
    const c = raise('c');
    const a2 = change(a.alert, 'comment');
    await Promise.all([c.done, a2.done]);
    expect(repo.batches.slice(4).map(ids)).toEqual([['c', 'a']]);

    await jest.advanceTimersByTimeAsync(99);
    expect(repo.batches).toHaveLength(5);
    await jest.advanceTimersByTimeAsync(1);
    expect(repo.batches.slice(5).map(ids)).toEqual([['poison']]);
    expect(poisonStored).toBe(false);
    await jest.advanceTimersByTimeAsync(200);
    await Promise.all([poison.done, poison2.done]);

    // Stored alone, then its later change in a batch of its own; nothing lost, nothing out of order.
    expect(repo.batches.slice(6).map((batch) => batch.map((w) => [w.alert.id, w.insert, w.steps.map((s) => s.note)]))).toEqual([
      [['poison', true, ['raised']]],
      [['poison', false, ['ack']]],
    ]);
    expect(repo.steps.get('poison')).toEqual(['raised', 'ack']);
    expect(repo.batches.filter((batch) => batch.length > 1).slice(1).every((batch) => !ids(batch).includes('poison'))).toBe(true);
    expect(published.slice(4)).toEqual([['raised', ['poison']], ['updated', ['poison']]]);
    await recorder.settled();
  });

  it('stops retrying a refused alert once the app stops, instead of retrying against a closed database forever', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    repo.refusals.set('poison', 1_000);
    raise('poison');
    await jest.advanceTimersByTimeAsync(100 + 200);
    expect(repo.batches.map(ids)).toEqual([['poison'], ['poison'], ['poison'], ['poison']]);
    recorder.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(400);
    expect(repo.batches).toHaveLength(5); // the retry already due ran once more, and was the last
    await jest.advanceTimersByTimeAsync(60_000);
    expect(repo.batches).toHaveLength(5);
    await recorder.settled();
  });

  it('tracks the open alerts as recorded, before they are stored', async () => {
    const a = raise('a');
    const closed = { ...a.alert, state: 'closed' as const };
    expect(recorder.openAlert('a')).toEqual(a.alert);
    const done = recorder.record({ alert: closed });
    expect(recorder.openAlert('a')).toBeUndefined();
    expect(await recorder.current('a')).toBeNull();
    await Promise.all([a.done, done]);
    expect(repo.batches.map((batch) => batch.map((w) => [w.alert.id, w.insert, w.alert.state]))).toEqual([[['a', true, 'closed']]]);
    await recorder.settled();
  });
});
