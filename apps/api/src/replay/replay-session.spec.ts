import type { DeviceReading, ReplayAlertEvent, ReplayClock, SituationSnapshot } from '@tianyan/contracts';
import type { ReplayCursor } from '@tianyan/storage';
import { REPLAY_TICK_MS, ReplaySession } from './replay-session';
import type { ReplaySink, ReplaySource, ReplayTimer } from './replay-session-ports';

const T0 = 1_800_000_000_000;
const SECOND = 1_000;

class FakeTimer implements ReplayTimer {
  wall = 0;
  private ticks = new Set<() => void>();
  now = () => this.wall;
  every(_ms: number, tick: () => void) {
    this.ticks.add(tick);
    return () => this.ticks.delete(tick);
  }
  get running() {
    return this.ticks.size > 0;
  }
  /** Moves wall time tick by tick, letting the source's promises settle in between. */
  async advance(ms: number) {
    for (let t = 0; t < ms; t += REPLAY_TICK_MS) {
      this.wall += REPLAY_TICK_MS;
      for (const tick of [...this.ticks]) tick();
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/** One reading per device every `stepMs` of device time, two devices sharing each instant. */
function readingsEvery(stepMs: number, count: number): DeviceReading[] {
  return Array.from({ length: count }, (_, i) => [
    { deviceId: 'a', stream: 'drone/telemetry', seq: i, time: T0 + i * stepMs },
    { deviceId: 'b', stream: 'ms/survey', seq: i, time: T0 + i * stepMs },
  ]).flat() as unknown as DeviceReading[];
}

/** Pages of at most `size` over a sorted list, like the repository; counts calls. */
function sourceOf(readings: DeviceReading[], alerts: ReplayAlertEvent[] = [], size = 3, snapshots: SituationSnapshot[] = []): ReplaySource & { pages: number } {
  const index = (c: ReplayCursor | null) => {
    if (!c) return 0;
    const at = readings.findIndex((r) => (c.key ? r.time === c.time && r.deviceId === c.key.deviceId && r.seq === c.key.seq : false));
    return at >= 0 ? at + 1 : readings.findIndex((r) => r.time > c.time);
  };
  const source = {
    pages: 0,
    page: async (after: ReplayCursor | null, until: number) => {
      source.pages++;
      const start = index(after);
      const rest = start < 0 ? [] : readings.slice(start).filter((r) => r.time <= until);
      const page = rest.slice(0, size);
      const last = page[page.length - 1];
      const next = rest.length > size && last ? { time: last.time, key: { deviceId: last.deviceId, stream: last.stream, seq: last.seq } } : null;
      return { readings: page, next };
    },
    alerts: async (from: number, to: number) => alerts.filter((a) => a.at > from && a.at <= to),
    situation: async (from: number, to: number) => snapshots.filter((p) => p.at > from && p.at <= to),
  };
  return source;
}

function sinkOf() {
  const sent = { readings: [] as DeviceReading[], batches: 0, alerts: [] as ReplayAlertEvent[], snapshots: [] as SituationSnapshot[], order: [] as string[], clocks: [] as ReplayClock[], ends: [] as ReplayClock[], congested: false };
  const sink: ReplaySink = {
    readings: (batch) => {
      sent.readings.push(...batch);
      sent.batches++;
      sent.order.push(...batch.map((r) => `r${r.time - T0}`));
    },
    alerts: (events) => {
      sent.alerts.push(...events);
      sent.order.push(...events.map((e) => `a${e.at - T0}`));
    },
    situation: (snapshots) => {
      sent.snapshots.push(...snapshots);
      sent.order.push(...snapshots.map((p) => `s${p.at - T0}`));
    },
    clock: (c) => sent.clocks.push(c),
    end: (c) => sent.ends.push(c),
    congested: () => sent.congested,
    failed: (e) => {
      throw e;
    },
  };
  return { sent, sink };
}

describe('ReplaySession', () => {
  const range = { from: T0, to: T0 + 60 * SECOND };

  it('sends every reading once, in order, as the clock passes it at the asked speed, then ends', async () => {
    const readings = readingsEvery(SECOND, 61);
    const timer = new FakeTimer();
    const { sent, sink } = sinkOf();
    const session = new ReplaySession('r1', range, sourceOf(readings), sink, timer, { at: T0, speed: 4 });
    session.start();
    expect(sent.clocks[0]).toMatchObject({ replayId: 'r1', at: T0, speed: 4, paused: false, from: T0, to: range.to });

    await timer.advance(5 * SECOND);
    // 5 s of wall time at 4× = 20 s of replay: instants T0 … T0+20 s.
    expect(session.at()).toBe(T0 + 20 * SECOND);
    expect(sent.readings).toEqual(readings.filter((r) => r.time <= T0 + 20 * SECOND));
    expect(sent.clocks.length).toBeGreaterThanOrEqual(5);

    await timer.advance(11 * SECOND);
    expect(sent.readings).toEqual(readings);
    expect(sent.ends).toHaveLength(1);
    expect(sent.ends[0]!.at).toBe(range.to);
    expect(timer.running).toBe(false);
  });

  it('releases situation snapshots at their device time, among the readings, once each', async () => {
    const readings = readingsEvery(10 * SECOND, 7);
    const snapshots = [15, 30, 30, 55].map((s, i) => ({ incidentId: `i${i}`, at: T0 + s * SECOND }) as unknown as SituationSnapshot);
    const timer = new FakeTimer();
    const { sent, sink } = sinkOf();
    const session = new ReplaySession('rs', range, sourceOf(readings, [], 3, snapshots), sink, timer, { at: T0, speed: 8 });
    session.start();
    await timer.advance(2 * SECOND); // 16 s of replay
    expect(sent.snapshots.map((p) => p.incidentId)).toEqual(['i0']);
    await timer.advance(6 * SECOND);
    expect(sent.snapshots.map((p) => p.incidentId)).toEqual(['i0', 'i1', 'i2', 'i3']);
    const t = (ms: number) => ms / SECOND;
    expect(sent.order.filter((o, i, all) => all.indexOf(o) === i).map((o) => `${o[0]}${t(Number(o.slice(1)))}`)).toEqual(['r0', 'r10', 's15', 'r20', 'r30', 's30', 'r40', 'r50', 's55', 'r60']);
    expect(sent.ends).toHaveLength(1);
  });

  it('pause stops the clock and the readings; resume and speed continue from where it stood', async () => {
    const readings = readingsEvery(SECOND, 61);
    const timer = new FakeTimer();
    const { sent, sink } = sinkOf();
    const session = new ReplaySession('r2', range, sourceOf(readings), sink, timer, { at: T0, speed: 2 });
    session.start();
    await timer.advance(2 * SECOND);
    session.pause();
    const count = sent.readings.length;
    expect(sent.clocks.at(-1)).toMatchObject({ paused: true, at: T0 + 4 * SECOND });
    await timer.advance(3 * SECOND);
    expect(sent.readings).toHaveLength(count);
    expect(session.at()).toBe(T0 + 4 * SECOND);

    session.resume();
    session.setSpeed(8);
    expect(sent.clocks.at(-1)).toMatchObject({ paused: false, speed: 8, at: T0 + 4 * SECOND });
    await timer.advance(SECOND);
    expect(session.at()).toBe(T0 + 12 * SECOND);
    expect(sent.readings).toEqual(readings.filter((r) => r.time <= T0 + 12 * SECOND));
  });

  it('seek drops what was buffered and continues after T; seeking back after the end restarts', async () => {
    const readings = readingsEvery(SECOND, 61);
    const timer = new FakeTimer();
    const { sent, sink } = sinkOf();
    const session = new ReplaySession('r3', range, sourceOf(readings), sink, timer, { at: T0, speed: 1 });
    session.start();
    await timer.advance(SECOND);
    session.seek(T0 + 40 * SECOND);
    expect(sent.clocks.at(-1)!.at).toBe(T0 + 40 * SECOND);
    sent.readings.length = 0;
    await timer.advance(2 * SECOND);
    // Readings at T itself belong to the state at T.
    expect(sent.readings).toEqual(readings.filter((r) => r.time > T0 + 40 * SECOND && r.time <= T0 + 42 * SECOND));

    session.setSpeed(64);
    await timer.advance(SECOND);
    expect(sent.ends).toHaveLength(1);
    session.seek(T0 + 58 * SECOND);
    sent.readings.length = 0;
    await timer.advance(SECOND);
    expect(sent.readings).toEqual(readings.filter((r) => r.time > T0 + 58 * SECOND));
    expect(sent.ends).toHaveLength(2);
  });

  it('sends alert events in order when the clock passes them', async () => {
    const alerts = [5, 5, 12].map((s, i) => ({ at: T0 + s * SECOND, step: { id: `s${i}` }, alert: { id: 'x' } }) as unknown as ReplayAlertEvent);
    const timer = new FakeTimer();
    const { sent, sink } = sinkOf();
    const session = new ReplaySession('r4', range, sourceOf(readingsEvery(SECOND, 61), alerts), sink, timer, { at: T0, speed: 4 });
    session.start();
    await timer.advance(SECOND);
    expect(sent.alerts).toEqual([]);
    await timer.advance(SECOND + REPLAY_TICK_MS);
    expect(sent.alerts).toEqual(alerts.slice(0, 2));
    await timer.advance(SECOND);
    expect(sent.alerts).toEqual(alerts);
  });

  it('interleaves alert events with the readings, each after the readings at or before its time, also across pages', async () => {
    const alerts = [2.5, 3, 3].map((s, i) => ({ at: T0 + s * SECOND, step: { id: `s${i}` }, alert: { id: 'x' } }) as unknown as ReplayAlertEvent);
    const order: string[] = [];
    const timer = new FakeTimer();
    const { sink } = sinkOf();
    const session = new ReplaySession('r6', range, sourceOf(readingsEvery(SECOND / 2, 20), alerts, 3), {
      ...sink,
      readings: (batch) => order.push(...batch.map((r) => `${r.deviceId}@${r.time - T0}`)),
      alerts: (events) => order.push(events.map((e) => `alert@${e.at - T0}`).join('+')),
    }, timer, { at: T0, speed: 64 });
    session.start();
    await timer.advance(20 * REPLAY_TICK_MS);
    // Pages of 3 readings, a tick covering 3.2 s of replay time: each event still at its own place.
    expect(order.slice(0, 16)).toEqual([
      'a@0', 'b@0', 'a@500', 'b@500', 'a@1000', 'b@1000', 'a@1500', 'b@1500', 'a@2000', 'b@2000', 'a@2500', 'b@2500', 'alert@2500',
      'a@3000', 'b@3000', 'alert@3000+alert@3000',
    ]);
    expect(order.slice(16, 18)).toEqual(['a@3500', 'b@3500']);
  });

  it('a congested client gets nothing and makes the session fetch nothing until it drains', async () => {
    const readings = readingsEvery(10, 6001);
    const timer = new FakeTimer();
    const { sent, sink } = sinkOf();
    const source = sourceOf(readings, [], 500);
    const session = new ReplaySession('r5', range, source, sink, timer, { at: T0, speed: 64 });
    session.start();
    await timer.advance(200);
    sent.congested = true;
    const pages = source.pages;
    const count = sent.readings.length;
    await timer.advance(2 * SECOND);
    expect(sent.readings).toHaveLength(count);
    expect(source.pages).toBeLessThanOrEqual(pages + 1);
    expect(session.buffered).toBeLessThan(4_000 + 500);

    sent.congested = false;
    await timer.advance(30 * SECOND);
    expect(sent.readings).toEqual(readings);
    expect(sent.ends).toHaveLength(1);
  });
});
