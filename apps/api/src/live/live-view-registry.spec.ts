import { parseDeviceMessage, type DeviceReading } from '@tianyan/contracts';
import { makeDroneTelemetry, makeMsSurvey, makeStatus } from '@tianyan/testing';
import { LiveViewRegistry, type ViewOutlet } from './live-view-registry';

const now = Date.UTC(2026, 10, 23, 8, 0, 0);
const MAX_BUFFERED = 64;

function reading(topic: string, body: object): DeviceReading {
  const parsed = parseDeviceMessage(topic, JSON.stringify(body), now);
  expect(parsed.rejects).toEqual([]);
  return parsed.readings[0]!;
}
const drone = (deviceId: string, ts: number) => reading(`tianyan/v1/drone/${deviceId}/telemetry`, makeDroneTelemetry({ ts }));
const survey = (deviceId: string, ts: number) => reading(`tianyan/v1/ms/${deviceId}/survey`, makeMsSurvey({ ts }));
const status = (deviceId: string, ts: number, state: string) => reading(`tianyan/v1/drone/${deviceId}/status`, makeStatus({ ts, state }));
const summary = (readings: DeviceReading[]) => readings.map((r) => `${r.deviceId}/${r.channel}@${r.time - now}`);

/** Records what the registry asks of Socket.IO; `buffered` says which clients are congested. */
class FakeOutlet implements ViewOutlet {
  readonly roomsOf = new Map<string, Set<string>>();
  readonly buffer = new Map<string, number>();
  broadcasts: { room: string; to: string[]; readings: string[] }[] = [];
  sends: { clientId: string; readings: string[] }[] = [];

  buffered(clientId: string): number {
    return this.buffer.get(clientId) ?? 0;
  }
  join(clientId: string, room: string): void {
    this.roomsOf.set(clientId, new Set([...(this.roomsOf.get(clientId) ?? []), room]));
  }
  leave(clientId: string, room: string): void {
    this.roomsOf.get(clientId)?.delete(room);
  }
  broadcast(room: string, except: readonly string[], readings: DeviceReading[]): void {
    const to = [...this.roomsOf].filter(([id, rooms]) => rooms.has(room) && !except.includes(id)).map(([id]) => id);
    this.broadcasts.push({ room, to, readings: summary(readings) });
  }
  send(clientId: string, readings: DeviceReading[]): void {
    this.sends.push({ clientId, readings: summary(readings) });
  }
  /** What each client received since the last call. */
  take(): { broadcasts: FakeOutlet['broadcasts']; sends: FakeOutlet['sends'] } {
    const taken = { broadcasts: this.broadcasts, sends: this.sends };
    this.broadcasts = [];
    this.sends = [];
    return taken;
  }
}

describe('LiveViewRegistry', () => {
  let outlet: FakeOutlet;
  let views: LiveViewRegistry;
  beforeEach(() => {
    outlet = new FakeOutlet();
    views = new LiveViewRegistry(outlet, MAX_BUFFERED);
  });

  it('gives two clients with the same rooms and rate one view, fed once and sent once per tick', () => {
    views.place('a', ['device:D1', 'kind:ms'], 50);
    views.place('b', ['kind:ms', 'device:D1'], 50);
    expect(views.viewCount).toBe(1);
    expect(views.viewRoomOf('a')).toBe(views.viewRoomOf('b'));

    views.offer([drone('D1', now), drone('D2', now), survey('M1', now)]);
    views.flush(now);
    expect(outlet.take().broadcasts).toEqual([{ room: views.viewRoomOf('a'), to: ['a', 'b'], readings: ['D1/telemetry@0', 'M1/survey@0'] }]);

    // Coalesced to the view's rate: nothing before 50 ms, then only the newest per device and stream.
    views.offer([drone('D1', now + 10)]);
    views.offer([drone('D1', now + 20)]);
    views.flush(now + 25);
    expect(outlet.take().broadcasts).toEqual([]);
    views.flush(now + 50);
    expect(outlet.take().broadcasts.map((b) => b.readings)).toEqual([['D1/telemetry@20']]);
  });

  it('gives clients with a different rate a view of their own', () => {
    views.place('slow', ['all'], 1000);
    views.place('fast', ['all'], 50);
    expect(views.viewCount).toBe(2);
    views.offer([drone('D1', now)]);
    views.flush(now);
    expect(outlet.take().broadcasts.map((b) => b.to)).toEqual([['slow'], ['fast']]);
    views.offer([drone('D1', now + 60)]);
    views.flush(now + 60);
    expect(outlet.take().broadcasts.map((b) => b.to)).toEqual([['fast']]);
  });

  it('ignores rooms that select no readings, and rooms beside "all"', () => {
    views.place('admin', ['all', 'admin:audit', 'device:D1'], 50);
    views.place('viewer', ['all'], 50);
    views.place('auditor', ['admin:audit'], 50);
    expect(views.viewCount).toBe(1);
    expect(views.viewRoomOf('admin')).toBe(views.viewRoomOf('viewer'));
    expect(views.viewRoomOf('auditor')).toBeUndefined();
  });

  it('leaves a congested client out, and once drained sends it only the newest value of what it missed', () => {
    views.place('quick', ['all'], 50);
    views.place('stuck', ['all'], 50);
    views.offer([drone('D1', now), survey('M1', now)]);
    views.flush(now);
    outlet.take();

    outlet.buffer.set('stuck', MAX_BUFFERED + 1);
    views.offer([drone('D1', now + 10), status('D1', now + 11, 'fault')]);
    views.flush(now + 50);
    views.offer([drone('D1', now + 60), status('D1', now + 61, 'online'), drone('D2', now + 62)]);
    views.flush(now + 100);
    expect(outlet.take()).toEqual({
      broadcasts: [
        { room: views.viewRoomOf('quick'), to: ['quick'], readings: ['D1/telemetry@10', 'D1/status@11'] },
        { room: views.viewRoomOf('quick'), to: ['quick'], readings: ['D1/telemetry@60', 'D1/status@61', 'D2/telemetry@62'] },
      ],
      sends: [],
    });

    // Drained: caught up at the next tick with the newest value of what it missed, nothing older.
    outlet.buffer.set('stuck', 0);
    views.flush(now + 125);
    expect(outlet.take()).toEqual({ broadcasts: [], sends: [{ clientId: 'stuck', readings: ['D1/telemetry@60', 'D1/status@61', 'D2/telemetry@62'] }] });
    views.offer([drone('D2', now + 130)]);
    views.flush(now + 150);
    expect(outlet.take()).toEqual({ broadcasts: [{ room: views.viewRoomOf('quick'), to: ['quick', 'stuck'], readings: ['D2/telemetry@130'] }], sends: [] });

    // Caught up: back in the broadcast, and nothing older is sent again.
    views.offer([survey('M1', now + 160)]);
    views.flush(now + 200);
    expect(outlet.take()).toEqual({ broadcasts: [{ room: views.viewRoomOf('quick'), to: ['quick', 'stuck'], readings: ['M1/survey@160'] }], sends: [] });
  });

  it('sends a view nobody can take in nothing, and catches the client up when it drains with nothing new', () => {
    views.place('only', ['device:D1'], 50);
    outlet.buffer.set('only', MAX_BUFFERED + 1);
    views.offer([drone('D1', now)]);
    views.flush(now);
    expect(outlet.take()).toEqual({ broadcasts: [], sends: [] });
    outlet.buffer.set('only', 0);
    views.flush(now + 50);
    expect(outlet.take()).toEqual({ broadcasts: [], sends: [{ clientId: 'only', readings: ['D1/telemetry@0'] }] });
  });

  it('filters an incident view by the devices deployed to it now', () => {
    const incident = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
    const deployed = new Map([[incident, new Set(['D1'])]]);
    views = new LiveViewRegistry(outlet, MAX_BUFFERED, (id) => deployed.get(id) ?? new Set());
    views.place('a', [`incident:${incident}`], 50);
    views.place('b', [`incident:${incident}`], 50);
    views.offer([drone('D1', now), drone('D2', now)]);
    views.flush(now);
    expect(outlet.take().broadcasts).toEqual([{ room: views.viewRoomOf('a'), to: ['a', 'b'], readings: ['D1/telemetry@0'] }]);

    deployed.set(incident, new Set(['D2']));
    views.offer([drone('D1', now + 1), drone('D2', now + 1)]);
    views.flush(now + 50);
    expect(outlet.take().broadcasts.map((b) => b.readings)).toEqual([['D2/telemetry@1']]);
  });

  it('moves a client that unsubscribes from rooms to the view of the rooms left, and drops a view left empty', () => {
    views.place('a', ['device:D1', 'device:D2'], 50);
    views.place('b', ['device:D1'], 50);
    const wide = views.viewRoomOf('a')!;
    const narrow = views.viewRoomOf('b')!;

    views.place('a', ['device:D1'], 50);
    expect(views.viewRoomOf('a')).toBe(narrow);
    expect(views.viewCount).toBe(1);
    expect([...outlet.roomsOf.get('a')!]).toEqual([narrow]);

    views.offer([drone('D1', now), drone('D2', now)]);
    views.flush(now);
    expect(outlet.take().broadcasts).toEqual([{ room: narrow, to: ['a', 'b'], readings: ['D1/telemetry@0'] }]);
    expect(wide).not.toBe(narrow);

    views.place('a', [], 50);
    views.remove('b');
    expect(views.viewCount).toBe(0);
    expect(views.viewRoomOf('a')).toBeUndefined();
    expect([...outlet.roomsOf.values()].every((rooms) => rooms.size === 0)).toBe(true);
  });
});
