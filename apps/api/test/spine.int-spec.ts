import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { unpackReadings, type ClientToServerEvents, type DeviceReading, type LatestReadingsResponse, type ServerToClientEvents } from '@tianyan/contracts';
import { makeDroneTelemetry, makeDroneThermal, makeMsIdentification, makeMsSurvey, makeObdInspection, makeStatus, pollUntil } from '@tianyan/testing';
import { publishJson } from './device-publisher';
import { TEST_BACKEND, useApiStack } from './test-stack';

type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

describe(`the spine: MQTT → database → Socket.IO (${TEST_BACKEND} servers)`, () => {
  const stack = useApiStack();

  async function liveClient(...rooms: string[]): Promise<{ socket: LiveClient; received: DeviceReading[] }> {
    const socket: LiveClient = io(stack.api.baseUrl, { transports: ['websocket'], auth: { token: await stack.api.adminToken() } });
    const received: DeviceReading[] = [];
    socket.on('readings', (frame) => received.push(...unpackReadings(frame)));
    const reply = await socket.emitWithAck('subscribe', { rooms, maxHz: 20 });
    expect(reply).toMatchObject({ ok: true });
    return { socket, received };
  }

  const ts = Date.UTC(2026, 10, 23, 7, 30, 0);
  it.each([
    ['drone', 'drone-it-1', 'telemetry', makeDroneTelemetry({ ts, seq: 1 })],
    ['drone', 'drone-it-1', 'thermal', makeDroneThermal({ ts, seq: 1 })],
    ['ms', 'ms-it-1', 'survey', makeMsSurvey({ ts, seq: 1 })],
    ['ms', 'ms-it-1', 'identification', makeMsIdentification({ ts, seq: 1 })],
    ['obd', 'obd-it-1', 'inspection', makeObdInspection({ ts: '2026-11-23T15:30:00+08:00', seq: 1 })],
    ['obd', 'obd-it-1', 'status', makeStatus({ ts, seq: 1 })],
  ])('stores a valid %s message of %s on channel %s with its device time and pushes it to the device room', async (kind, deviceId, channel, body) => {
    const { socket, received } = await liveClient(`device:${deviceId}`);
    try {
      await publishJson(stack.device, `tianyan/v1/${kind}/${deviceId}/${channel}`, body);
      const latest = await pollUntil(
        async () => (await (await stack.api.fetch(`/api/devices/${deviceId}/latest`)).json()) as LatestReadingsResponse,
        (l) => l.readings?.some((r) => r.channel === channel),
        { what: `${kind}/${channel} stored` },
      );
      const stored = latest.readings.find((r) => r.channel === channel)!;
      expect(stored).toMatchObject({ deviceId, kind, channel, seq: 1, time: ts, late: false });
      const pushed = await pollUntil(() => received.filter((r) => r.channel === channel), (r) => r.length > 0, { what: 'live reading' });
      expect(pushed[0]).toMatchObject({ deviceId, channel, time: ts });
    } finally {
      socket.disconnect();
    }
  });

  it('sends a reading once to every client sharing a view, and not to a client that left its room', async () => {
    const [a, b, c] = [await liveClient('device:drone-view-1'), await liveClient('device:drone-view-1'), await liveClient('device:drone-view-1', 'device:drone-view-2')];
    try {
      expect(await c.socket.emitWithAck('unsubscribe', { rooms: ['device:drone-view-1'] })).toEqual({ ok: true, rooms: ['device:drone-view-2'], maxHz: 20 });
      await publishJson(stack.device, 'tianyan/v1/drone/drone-view-1/telemetry', makeDroneTelemetry({ ts, seq: 1 }));
      // Published after drone-view-1's reading: had c still taken drone-view-1, it would have it by now.
      await publishJson(stack.device, 'tianyan/v1/drone/drone-view-2/telemetry', makeDroneTelemetry({ ts, seq: 2 }));
      await pollUntil(() => [a, b, c].map((x) => x.received.length), (counts) => counts.every((n) => n > 0), { what: 'live readings to all three' });
      expect(a.received.map((r) => `${r.deviceId}:${r.seq}`)).toEqual(['drone-view-1:1']);
      expect(b.received.map((r) => `${r.deviceId}:${r.seq}`)).toEqual(['drone-view-1:1']);
      expect(c.received.map((r) => `${r.deviceId}:${r.seq}`)).toEqual(['drone-view-2:2']);
    } finally {
      [a, b, c].forEach((x) => x.socket.disconnect());
    }
  });

  it('shows a reading live while its batch still waits for the database, and stores it once the database is free (ADR 0007)', async () => {
    const { socket, received } = await liveClient('device:drone-early-1');
    const db = stack.api.app.get(DataSource);
    // Hold the table (and, on the one-connection embedded database, the connection): the write waits.
    const blocker = db.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    try {
      await blocker.query('LOCK TABLE drone_telemetry IN EXCLUSIVE MODE');
      await publishJson(stack.device, 'tianyan/v1/drone/drone-early-1/telemetry', makeDroneTelemetry({ ts, seq: 7 }));
      const pushed = await pollUntil(() => received.filter((r) => r.deviceId === 'drone-early-1'), (r) => r.length > 0, { what: 'live reading before the commit' });
      expect(pushed[0]).toMatchObject({ deviceId: 'drone-early-1', seq: 7, time: ts });
      expect(await blocker.query(`SELECT count(*)::int AS n FROM drone_telemetry WHERE device_id = 'drone-early-1'`)).toEqual([{ n: 0 }]);
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
      socket.disconnect();
    }
    const rows = await pollUntil(
      async () => (await db.query(`SELECT seq FROM drone_telemetry WHERE device_id = 'drone-early-1'`)) as { seq: string }[],
      (r) => r.length === 1,
      { what: 'the reading stored after the lock' },
    );
    expect(Number(rows[0]!.seq)).toBe(7);
  });

  it('stores gas concentrations normalised to ppm beside the reported unit', async () => {
    const latest = (await (await stack.api.fetch(`/api/devices/ms-it-1/latest`)).json()) as LatestReadingsResponse;
    const survey = latest.readings.find((r) => r.channel === 'survey')!;
    const gases = (survey.data as { gases: { cas: string; unit: string; value: number; ppm: number }[] }).gases;
    expect(gases.find((g) => g.cas === '71-43-2')).toMatchObject({ unit: 'ppb', value: 850, ppm: 0.85 });
  });

  it('stores the same message published twice only once', async () => {
    const body = makeDroneTelemetry({ ts: ts + 5000, seq: 99 });
    await publishJson(stack.device, 'tianyan/v1/drone/drone-dup/telemetry', body);
    await publishJson(stack.device, 'tianyan/v1/drone/drone-dup/telemetry', body);
    await publishJson(stack.device, 'tianyan/v1/drone/drone-dup/telemetry', makeDroneTelemetry({ ts: ts + 6000, seq: 100 }));
    const db = stack.api.app.get(DataSource);
    const rows = await pollUntil(
      async () => (await db.query(`SELECT seq FROM drone_telemetry WHERE device_id = 'drone-dup' ORDER BY seq`)) as { seq: string }[],
      (r) => r.length >= 2,
      { what: 'both readings stored' },
    );
    expect(rows.map((r) => Number(r.seq))).toEqual([99, 100]);
  });

  it('marks store-and-forward array payloads late, keeping device time', async () => {
    const batch = [0, 1, 2].map((i) => makeDroneTelemetry({ ts: ts - 600000 + i * 1000, seq: 200 + i }));
    await publishJson(stack.device, 'tianyan/v1/drone/drone-late/telemetry', batch);
    const db = stack.api.app.get(DataSource);
    const rows = await pollUntil(
      async () => (await db.query(`SELECT seq, late, time FROM drone_telemetry WHERE device_id = 'drone-late' ORDER BY seq`)) as { seq: string; late: boolean; time: Date }[],
      (r) => r.length === 3,
      { what: 'late readings stored' },
    );
    expect(rows.every((r) => r.late)).toBe(true);
    expect(rows.map((r) => new Date(r.time).getTime())).toEqual([ts - 600000, ts - 599000, ts - 598000]);
  });

  it('lists devices with kind, last seen and data age', async () => {
    const devices = (await (await stack.api.fetch(`/api/devices`)).json()) as { id: string; kind: string; lastSeen: string | null }[];
    expect(devices.map((d) => d.id)).toEqual(expect.arrayContaining(['drone-it-1', 'ms-it-1', 'obd-it-1']));
    expect(devices.find((d) => d.id === 'obd-it-1')).toMatchObject({ kind: 'obd', lastSeen: new Date(ts).toISOString() });
  });

  it('reports health of the database and MQTT', async () => {
    const res = await fetch(`${stack.api.baseUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, mqtt: { status: 'up' } } });
  });
});
