import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { createScenario } from '@tianyan/simulator';
import { unpackReadings, type DeviceReading, type ReplayAlertEvent, type ReplayClientEvents, type ReplayClock, type ReplayReply, type ReplayServerEvents } from '@tianyan/contracts';
import { IncidentStateRepository } from '@tianyan/storage';
import { pollUntil } from '@tianyan/testing';
import { AlertRecorder } from '../src/alerts/alert-recorder.service';
import { useApiStack } from './test-stack';

const MINUTE = 60_000;
const DEVICES = ['drone-01', 'ms-01'];
type ReplayClient = Socket<ReplayServerEvents, ReplayClientEvents>;

describe('post-incident replay over Socket.IO of a scenario recorded through the real pipeline', () => {
  const stack = useApiStack();
  let incidentId: string;
  let start: number;
  let end: number;
  let socket: ReplayClient;
  const got = {
    readings: [] as DeviceReading[], alerts: [] as ReplayAlertEvent[], clocks: [] as ReplayClock[], ends: [] as ReplayClock[],
    /** Readings and alert events in the order the socket delivered them. */
    sequence: [] as Array<{ reading: DeviceReading } | { alert: ReplayAlertEvent }>,
  };

  const ask = <E extends keyof ReplayClientEvents>(event: E, body: Parameters<ReplayClientEvents[E]>[0]) =>
    new Promise<ReplayReply>((resolve) => (socket.emit as (e: string, b: unknown, ack: (r: ReplayReply) => void) => void)(event, body, resolve));

  beforeAll(async () => {
    start = Date.now() - 30 * MINUTE;
    end = start + 6 * MINUTE;
    const scenario = createScenario('chemical-plant-fire', { seed: 42, startTime: start });
    const messages = scenario.advanceTo(end).flatMap((e) => (e.type === 'publish' && DEVICES.includes(e.deviceId) ? [e] : []));
    const stats = async () => ((await (await stack.api.fetch('/api/ingest/stats')).json()) as { messagesCommitted: number }).messagesCommitted;
    const before = await stats();
    for (let i = 0; i < messages.length; i += 200) {
      await Promise.all(messages.slice(i, i + 200).map((m) => stack.device.publishAsync(m.topic, m.payload, { qos: 1 })));
    }
    await pollUntil(stats, (n) => n >= before + messages.length, { timeoutMs: 60_000, what: 'ingest to commit every message' });
    // The engine raised its alerts on the committed readings, at server time now, 30 min after their device time.
    await stack.api.app.get(AlertRecorder).settled();
    const db = stack.api.app.get(DataSource);
    const [row] = (await db.query(
      `INSERT INTO incidents (code, title, level, start_at, end_at) VALUES ('T-REPLAY', 'replay test', 'III', to_timestamp($1::float8 / 1000), to_timestamp($2::float8 / 1000)) RETURNING id::text AS id`,
      [start, end],
    )) as { id: string }[];
    incidentId = row!.id;
    for (const d of DEVICES) await db.query('INSERT INTO deployments (incident_id, device_id, from_at) VALUES ($1, $2, to_timestamp($3::float8 / 1000))', [incidentId, d, start]);
    socket = io(stack.api.baseUrl, { transports: ['websocket'], reconnection: false, auth: { token: await stack.api.adminToken() } });
    socket.on('replay:readings', (frame) => {
      const r = unpackReadings(frame);
      got.readings.push(...r);
      got.sequence.push(...r.map((reading) => ({ reading })));
    });
    socket.on('replay:alerts', (events) => {
      got.alerts.push(...events);
      got.sequence.push(...events.map((alert) => ({ alert })));
    });
    socket.on('replay:clock', (c) => got.clocks.push(c));
    socket.on('replay:end', (c) => got.ends.push(c));
    await new Promise<void>((resolve, reject) => socket.on('connect', resolve).on('connect_error', reject));
  });

  afterAll(() => socket?.disconnect());

  const reset = () => {
    got.readings.length = 0;
    got.alerts.length = 0;
    got.sequence.length = 0;
    got.clocks.length = 0;
    got.ends.length = 0;
  };

  it('at 64× replays exactly the stored readings in device-time order, then ends', async () => {
    // Straight from the tables: every reading of the deployed devices, in (time, device, stream, seq) order.
    const db = stack.api.app.get(DataSource);
    const expected = (await db.query(
      `SELECT (extract(epoch FROM time) * 1000)::float8 AS time, device_id, stream, seq::float8 AS seq, late, v FROM (
         SELECT time, device_id, 'drone/telemetry' AS stream, seq, late, lat AS v FROM drone_telemetry
         UNION ALL SELECT time, device_id, 'drone/thermal', seq, late, t_max_c FROM drone_thermal
         UNION ALL SELECT time, device_id, 'ms/survey', seq, late, NULL FROM ms_survey
         UNION ALL SELECT time, device_id, 'ms/identification', seq, late, NULL FROM ms_identification
         UNION ALL SELECT time, device_id, kind || '/status', seq, late, battery_pct FROM device_status
       ) r WHERE device_id = ANY($1::text[]) AND time >= to_timestamp($2::float8 / 1000) AND time <= to_timestamp($3::float8 / 1000)
       ORDER BY time, device_id COLLATE "C", stream COLLATE "C", seq`,
      [DEVICES, start, end],
    )) as { time: number; device_id: string; stream: string; seq: number; late: boolean; v: number | null }[];
    expect(expected.length).toBeGreaterThan(100);

    reset();
    const reply = await ask('replay:start', { incidentId, speed: 64 });
    expect(reply).toEqual({ ok: true, replayId: expect.any(String), from: start, to: end });
    await pollUntil(async () => got.ends.length, (n) => n === 1, { timeoutMs: 30_000, what: 'replay:end' });
    expect(got.ends[0]!.at).toBe(end);
    expect(got.readings.map((r) => [r.time, r.deviceId, r.stream, r.seq, r.late])).toEqual(expected.map((e) => [e.time, e.device_id, e.stream, e.seq, e.late]));
    const value = (r: DeviceReading) => {
      const d = r.data as Record<string, unknown>;
      return r.stream === 'drone/telemetry' ? d.lat : r.stream === 'drone/thermal' ? d.tMaxC : r.channel === 'status' ? (d.batteryPct ?? null) : null;
    };
    expect(got.readings.map(value)).toEqual(expected.map((e) => e.v));
  });

  it('places the alert events at the device time of the readings that raised them, though recorded 30 min later', async () => {
    reset();
    await ask('replay:start', { incidentId, speed: 64 });
    await pollUntil(async () => got.ends.length, (n) => n === 1, { timeoutMs: 30_000, what: 'replay:end' });
    const raised = got.alerts.filter((e) => e.step.kind === 'raised');
    expect(raised.length).toBeGreaterThan(0);
    for (const event of got.alerts) {
      // Engine steps carry the device time of their reading; that is where replay puts them.
      expect(event.step.actor).toBeNull();
      expect(event.at).toBe(Date.parse(event.step.deviceAt!));
      expect(event.at).toBeGreaterThanOrEqual(start);
      expect(event.at).toBeLessThanOrEqual(end);
      expect(Date.parse(event.step.at)).toBeGreaterThan(end + 20 * MINUTE);
    }
    expect(got.alerts.map((e) => e.at)).toEqual([...got.alerts.map((e) => e.at)].sort((a, b) => a - b));

    const position = new Map(got.sequence.map((item, i) => ['alert' in item ? `step:${item.alert.step.id}` : `r:${item.reading.deviceId}|${item.reading.stream}|${item.reading.seq}|${item.reading.time}`, i]));
    for (const event of got.alerts) {
      const here = position.get(`step:${event.step.id}`)!;
      const before = got.sequence.slice(0, here).flatMap((item) => ('reading' in item ? [item.reading] : []));
      const after = got.sequence.slice(here + 1).flatMap((item) => ('reading' in item ? [item.reading] : []));
      // The reading behind the step (its device, at its device time) came first…
      expect(before.some((r) => r.deviceId === event.alert.deviceId && r.time === event.at)).toBe(true);
      // …and nothing more than a few seconds later did.
      expect(before.filter((r) => r.time > event.at + 5_000)).toEqual([]);
      expect(after.filter((r) => r.time < event.at)).toEqual([]);
    }

    // Seek: the alert is open just after its raising reading, and did not exist just before it.
    const states = stack.api.app.get(IncidentStateRepository);
    for (const event of raised) {
      const openAt = async (at: number) => (await states.stateAt(incidentId, at))!.alerts.map((a) => a.id);
      expect(await openAt(event.at)).toContain(event.alert.id);
      expect(await openAt(event.at + 1_000)).toContain(event.alert.id);
      expect(await openAt(event.at - 1)).not.toContain(event.alert.id);
    }
  });

  it('the clock runs at the asked speed (1× and 8×, ±30 %), pause stops events, seek jumps', async () => {
    reset();
    await ask('replay:start', { incidentId, speed: 1 });
    const t0 = Date.now();
    const at0 = got.clocks[0]!.at;
    await new Promise((r) => setTimeout(r, 3_000));
    const slow = (got.clocks.at(-1)!.at - at0) / (Date.now() - t0);
    expect(slow).toBeGreaterThan(0.7 * (2 / 3)); // the last clock can be up to 1 s old
    expect(slow).toBeLessThan(1.3);

    await ask('replay:control', { action: 'speed', speed: 8 });
    const s = got.clocks.at(-1)!;
    const w = Date.now();
    await new Promise((r) => setTimeout(r, 3_000));
    await ask('replay:control', { action: 'pause' });
    const rate = (got.clocks.at(-1)!.at - s.at) / (Date.now() - w);
    expect(rate).toBeGreaterThan(8 * 0.7);
    expect(rate).toBeLessThan(8 * 1.3);

    // Readings the paused clock had already passed may still go out on the next tick; nothing after it.
    const pausedAt = got.clocks.at(-1)!;
    expect(pausedAt.paused).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    const count = got.readings.length;
    await new Promise((r) => setTimeout(r, 1_000));
    expect(got.readings.length).toBe(count);
    expect(got.readings.every((r) => r.time <= pausedAt.at)).toBe(true);

    const target = start + 5 * MINUTE;
    await ask('replay:control', { action: 'seek', at: target });
    expect(got.clocks.at(-1)).toMatchObject({ at: target, paused: true });
    got.readings.length = 0;
    await ask('replay:control', { action: 'resume' });
    await pollUntil(async () => got.readings.length, (n) => n > 0, { timeoutMs: 10_000, what: 'readings after the seek' });
    expect(got.readings[0]!.time).toBeGreaterThan(target);

    expect(await ask('replay:control', { action: 'speed', speed: 3 } as never)).toMatchObject({ ok: false });
    expect(await ask('replay:start', { incidentId: 'nope' } as never)).toMatchObject({ ok: false });
    expect(await ask('replay:stop', {})).toMatchObject({ ok: true });
  });
});
