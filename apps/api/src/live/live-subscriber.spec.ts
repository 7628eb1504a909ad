import { parseDeviceMessage, type DeviceReading } from '@tianyan/contracts';
import { makeDroneTelemetry, makeMsSurvey, makeStatus } from '@tianyan/testing';
import { LiveSubscriber, MAX_BEAT_MS, statusFirst, streamKey } from './live-subscriber';

const now = Date.UTC(2026, 10, 23, 8, 0, 0);
function reading(topic: string, body: object): DeviceReading {
  const parsed = parseDeviceMessage(topic, JSON.stringify(body), now);
  expect(parsed.rejects).toEqual([]);
  return parsed.readings[0]!;
}
const drone = (deviceId: string, ts: number, late = false) => {
  const r = reading(`tianyan/v1/drone/${deviceId}/telemetry`, makeDroneTelemetry({ ts }));
  return { ...r, late };
};

describe('LiveSubscriber', () => {
  it('keeps only the newest reading per device and stream between ticks', () => {
    const sub = new LiveSubscriber(new Set(['all']), 500);
    sub.offer(drone('D1', now - 2000));
    sub.offer(drone('D1', now - 1000));
    sub.offer(drone('D1', now - 1500)); // older, arrived later
    sub.offer(drone('D2', now - 1000));
    const due = sub.takeDue(now)!;
    expect(due.map((r) => [r.deviceId, r.time])).toEqual([['D1', now - 1000], ['D2', now - 1000]]);
  });

  it('sends at most once per interval', () => {
    const sub = new LiveSubscriber(new Set(['all']), 500);
    sub.offer(drone('D1', now));
    expect(sub.takeDue(now)).toHaveLength(1);
    sub.offer(drone('D1', now + 100));
    expect(sub.takeDue(now + 100)).toBeNull();
    expect(sub.takeDue(now + 500)).toHaveLength(1);
  });

  it('limits the rate per device and stream: a stream not sent within the interval goes at once, a recent one waits', () => {
    const sub = new LiveSubscriber(new Set(['all']), 500);
    sub.offer(drone('D1', now));
    expect(sub.takeDue(now)!.map((r) => r.deviceId)).toEqual(['D1']);
    // 100 ms later: D2 (never sent) goes at this tick; D1 (sent 100 ms ago) is held, newest kept.
    sub.offer(drone('D1', now + 90));
    sub.offer(drone('D2', now + 95));
    sub.offer(drone('D1', now + 99));
    expect(sub.takeDue(now + 100)!.map((r) => [r.deviceId, r.time])).toEqual([['D2', now + 95]]);
    expect(sub.takeDue(now + 475)).toBeNull();
    expect(sub.takeDue(now + 500)!.map((r) => [r.deviceId, r.time])).toEqual([['D1', now + 99]]);
    // Streams sent together fall due together: a busy fleet leaves in one batch per interval.
    const fleet = new LiveSubscriber(new Set(['all']), 50);
    const batches: string[][] = [];
    for (let t = 0; t <= 200; t += 25) {
      for (const id of ['D1', 'D2', 'D3']) fleet.offer(drone(id, now + t));
      const due = fleet.takeDue(now + t);
      if (due) batches.push(due.map((r) => `${r.deviceId}@${r.time - now}`));
    }
    expect(batches).toEqual([0, 50, 100, 150, 200].map((t) => [`D1@${t}`, `D2@${t}`, `D3@${t}`]));
  });

  it('on a slow view, a stream due since its interval waits at most one beat after the last send', () => {
    const sub = new LiveSubscriber(new Set(['all']), 500); // the screen's 2 Hz
    sub.offer(drone('D1', now));
    expect(sub.takeDue(now)).toHaveLength(1);
    sub.offer(drone('D2', now + 1)); // never sent: due at once, but the view just sent
    expect(sub.takeDue(now + 25)).toBeNull();
    expect(sub.takeDue(now + MAX_BEAT_MS)!.map((r) => r.deviceId)).toEqual(['D2']);
  });

  it('filters by kind and device rooms', () => {
    const sub = new LiveSubscriber(new Set(['kind:ms', 'device:D2']), 100);
    sub.offer(drone('D1', now));
    sub.offer(drone('D2', now));
    sub.offer(reading('tianyan/v1/ms/M1/survey', makeMsSurvey({ ts: now })));
    expect(sub.takeDue(now)!.map((r) => r.deviceId)).toEqual(['D2', 'M1']);
  });

  it('keeps late readings apart from the current one', () => {
    const sub = new LiveSubscriber(new Set(['all']), 100);
    sub.offer(drone('D1', now));
    sub.offer(drone('D1', now - 60000, true));
    const due = sub.takeDue(now)!;
    expect(due.map((r) => r.late)).toEqual([false, true]);
  });

  it('delivers every status change, not just the last', () => {
    const sub = new LiveSubscriber(new Set(['all']), 100);
    sub.offer(reading('tianyan/v1/drone/D1/status', makeStatus({ ts: now, state: 'fault' })));
    sub.offer(reading('tianyan/v1/drone/D1/status', makeStatus({ ts: now + 1, state: 'online' })));
    expect(sub.takeDue(now)!.map((r) => (r.data as { state: string }).state)).toEqual(['fault', 'online']);
  });

  it('filters an incident room by the devices deployed to it now, as the lookup answers at each reading', () => {
    const incident = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
    const deployed = new Map([[incident, new Set(['D1'])]]);
    const sub = new LiveSubscriber(new Set([`incident:${incident}`, 'device:M1']), 100, (id) => deployed.get(id) ?? new Set());
    sub.offer(drone('D1', now));
    sub.offer(drone('D2', now));
    sub.offer(reading('tianyan/v1/ms/M1/survey', makeMsSurvey({ ts: now })));
    expect(sub.takeDue(now)!.map((r) => r.deviceId)).toEqual(['D1', 'M1']);

    deployed.set(incident, new Set(['D2']));
    sub.offer(drone('D1', now + 1));
    sub.offer(drone('D2', now + 1));
    expect(sub.takeDue(now + 100)!.map((r) => r.deviceId)).toEqual(['D2']);

    sub.watch(new Set(['device:M1']));
    sub.offer(drone('D2', now + 2));
    expect(sub.takeDue(now + 200)).toBeNull();
  });

  it('takes nothing through an incident room without a lookup (no devices known)', () => {
    const sub = new LiveSubscriber(new Set(['incident:6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f']), 100);
    sub.offer(drone('D1', now));
    expect(sub.takeDue(now)).toBeNull();
  });
});

describe('statusFirst', () => {
  it('puts status changes ahead of readings and keeps each group in arrival order', () => {
    const survey = reading('tianyan/v1/ms/M1/survey', makeMsSurvey({ ts: now }));
    const offline = reading('tianyan/v1/drone/D2/status', makeStatus({ ts: now, state: 'offline' }));
    const fault = reading('tianyan/v1/ms/M1/status', makeStatus({ ts: now, state: 'fault' }));
    const beat = [drone('D1', now), offline, survey, fault, drone('D2', now)];
    expect(statusFirst(beat).map((r) => `${r.deviceId}/${r.channel}`)).toEqual(['D2/status', 'M1/status', 'D1/telemetry', 'M1/survey', 'D2/telemetry']);
  });

  it('returns a beat without status changes, or with nothing else, as it is', () => {
    const beat = [drone('D1', now), drone('D2', now)];
    expect(statusFirst(beat)).toBe(beat);
  });
});

describe('streamKey', () => {
  const key = (deviceId: string, stream: DeviceReading['stream'], late: boolean) => streamKey({ deviceId, stream, late } as DeviceReading);

  it('is one key per device, stream and lateness, the same string each time', () => {
    const keys = [key('d-1', 'drone/telemetry', false), key('d-1', 'drone/telemetry', true), key('d-1', 'drone/thermal', false), key('d-2', 'drone/telemetry', false)];
    expect(new Set(keys).size).toBe(4);
    expect(keys[0]).toBe('d-1|drone/telemetry|now');
    expect(keys[1]).toBe('d-1|drone/telemetry|late');
    // A device id that is a fresh string each message (sliced from its topic) finds the same key.
    expect(key(['d', '1'].join('-'), 'drone/telemetry', false)).toBe(keys[0]);
  });

  it('keeps giving the right keys once the cache of device ids starts over', () => {
    for (let i = 0; i <= 100_000; i++) key(`many-${i}`, 'ms/survey', false);
    expect(key('many-7', 'ms/survey', true)).toBe('many-7|ms/survey|late');
    expect(key('d-1', 'drone/telemetry', false)).toBe('d-1|drone/telemetry|now');
  });
});
