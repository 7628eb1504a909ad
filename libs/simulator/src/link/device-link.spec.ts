import { parseDeviceMessage } from '@tianyan/contracts';
import type { DeviceOutput, SimDevice, StatusBody } from '../devices/device';
import { Rng } from '../random/rng';
import { FaultPlan } from '../scenario/faults';
import type { SimEvent } from '../scenario/sim-event';
import { DeviceLink } from './device-link';

const T0 = Date.UTC(2024, 5, 1, 2);

/** A spectrometer stand-in: one survey a second, position fixed. */
class Ticker implements SimDevice {
  readonly kind = 'ms' as const;
  nextAtMs = 0;
  constructor(readonly id: string) {}
  status(): StatusBody {
    return { state: 'online', firmware: 't' };
  }
  tick(): DeviceOutput[] {
    this.nextAtMs += 1000;
    return [{ channel: 'survey', body: { lat: 30.61, lon: 114.27, tic: 1e5, gases: [] } }];
  }
}

/** Drives one device through a link for `seconds`, with one fault of `kind` on it. */
function drive(kind: 'dropout' | 'offline' | 'clock-skew', seconds: number) {
  const faults = new FaultPlan([kind], new Rng(1));
  faults.setTargets([{ id: 'ms-01', kind: 'ms' }]);
  const fault = faults.startedBy(3_600_000)[0]!;
  const device = new Ticker('ms-01');
  const link = new DeviceLink(device, (t) => T0 + t, faults, false);
  const events: SimEvent[] = [];
  for (let t = 0; t < seconds * 1000; t += 1000) {
    events.push(...link.update(t));
    events.push(...link.transmit(t, device.tick()));
  }
  return { fault, events };
}

describe('device link', () => {
  it('replays a dropout as array payloads that keep the original device times and seqs', () => {
    const { fault, events } = drive('dropout', 3600);
    const surveys = events.filter((e): e is Extract<SimEvent, { type: 'publish' }> => e.type === 'publish' && e.topic.endsWith('/survey'));
    const replay = surveys.find((e) => e.payload.startsWith('['))!;
    expect(replay.t).toBe(T0 + fault.endMs);
    const batch = JSON.parse(replay.payload) as Array<{ ts: number; seq: number }>;
    expect(batch).toHaveLength((fault.endMs - fault.startMs) / 1000);
    expect(batch[0]!.ts).toBe(T0 + fault.startMs);
    expect(batch.map((b) => b.seq)).toEqual(batch.map((_, i) => batch[0]!.seq + i));
    const parsed = parseDeviceMessage(replay.topic, replay.payload, replay.t);
    expect(parsed.rejects).toEqual([]);
    expect(parsed.readings.every((r) => r.late)).toBe(true);
    // Nothing was published live during the dropout.
    expect(surveys.filter((e) => e.t >= T0 + fault.startMs && e.t < T0 + fault.endMs)).toHaveLength(0);
    // Every seq arrives exactly once, live or replayed.
    const seqs = surveys.flatMap((e) => (e.payload.startsWith('[') ? (JSON.parse(e.payload) as Array<{ seq: number }>) : [JSON.parse(e.payload) as { seq: number }]).map((b) => b.seq));
    expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 3600 }, (_, i) => i));
  });

  it('goes offline abruptly (the broker sends the retained last will) and reconnects with a new will', () => {
    const { fault, events } = drive('offline', 3600);
    const connects = events.filter((e) => e.type === 'connect');
    const drop = events.find((e) => e.type === 'disconnect')!;
    expect(connects).toHaveLength(2);
    expect(drop.t).toBe(T0 + fault.startMs);
    expect(connects[1]!.t).toBe(T0 + fault.endMs);
    for (const c of connects) {
      if (c.type !== 'connect') continue;
      expect(c.will.retain).toBe(true);
      expect(c.will.topic).toBe('tianyan/v1/ms/ms-01/status');
      expect(JSON.parse(c.will.payload)).toMatchObject({ state: 'offline' });
    }
    const after = events.find((e) => e.type === 'publish' && e.t >= T0 + fault.endMs && e.topic.endsWith('/status'));
    expect(after && after.type === 'publish' && after.retain && JSON.parse(after.payload).state).toBe('online');
  });

  it('skews device time during a clock fault, within the contract tolerance', () => {
    const { fault, events } = drive('clock-skew', 3600);
    const inside = events.find((e) => e.type === 'publish' && e.t === T0 + fault.startMs + 5000);
    expect(inside && inside.type === 'publish' && JSON.parse(inside.payload).ts - inside.t).toBe(fault.params['offsetMs']);
    expect(Math.abs(fault.params['offsetMs']!)).toBeLessThan(10 * 60_000);
  });
});
