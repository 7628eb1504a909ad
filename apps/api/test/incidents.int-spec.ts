import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { createScenario } from '@tianyan/simulator';
import {
  buildTopic, unpackReadings, type AlertDetail, type AuditEntry, type ClientToServerEvents, type Deployment, type DeviceReading, type Incident, type IncidentStateAt,
  type LiveSubscriptionReply, type Page, type ServerToClientEvents,
} from '@tianyan/contracts';
import { makeDroneTelemetry, makeMsSurvey, pollUntil } from '@tianyan/testing';
import { AlertRecorder } from '../src/alerts/alert-recorder.service';
import { createPerson, listAlerts, waitForAlert, type Person } from './alert-helpers';
import { publishJson } from './device-publisher';
import { useApiStack, type ApiStack } from './test-stack';

type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const iso = (ms: number) => new Date(ms).toISOString();

/** Reading table of each stream, and one value the test reads back both ways. */
const TABLES = [
  { table: 'drone_telemetry', stream: 'telemetry', column: 'lat', value: (d: Record<string, unknown>) => d.lat },
  { table: 'drone_thermal', stream: 'thermal', column: 't_max_c', value: (d: Record<string, unknown>) => d.tMaxC },
  { table: 'ms_survey', stream: 'survey', column: 'tic', value: (d: Record<string, unknown>) => d.tic },
  { table: 'ms_identification', stream: 'identification', column: 'run_id', value: (d: Record<string, unknown>) => d.runId },
  { table: 'obd_inspection', stream: 'inspection', column: 'vin', value: (d: Record<string, unknown>) => d.vin },
  { table: 'device_status', stream: 'status', column: 'state', value: (d: Record<string, unknown>) => d.state },
] as const;

async function committedMessages(stack: ApiStack): Promise<number> {
  return ((await (await stack.api.fetch('/api/ingest/stats')).json()) as { messagesCommitted: number }).messagesCommitted;
}

/** Publishes messages (QoS 1) and waits until ingest has committed all of them. */
async function publishAndCommit(stack: ApiStack, messages: Array<{ topic: string; payload: string }>): Promise<void> {
  const before = await committedMessages(stack);
  for (let i = 0; i < messages.length; i += 200) {
    await Promise.all(messages.slice(i, i + 200).map((m) => stack.device.publishAsync(m.topic, m.payload, { qos: 1 })));
  }
  await pollUntil(() => committedMessages(stack), (n) => n >= before + messages.length, { timeoutMs: 60_000, what: 'ingest to commit every message' });
  await stack.api.app.get(AlertRecorder).settled();
}

async function json<T>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

describe('incidents: REST, seek over a recorded scenario, live incident rooms', () => {
  const stack = useApiStack();
  let commander: Person;
  let viewer: Person;

  beforeAll(async () => {
    commander = await createPerson(stack.api, 'incident-commander', 'commander');
    viewer = await createPerson(stack.api, 'incident-viewer', 'viewer');
  });

  const post = (who: Person, path: string, body: unknown) => who.fetch(path, { method: 'POST', body: JSON.stringify(body) });

  it('creates, lists, changes and closes incidents for commanders only, refusing bad input with the reason (audited)', async () => {
    const start = Date.now() - 60 * MINUTE;
    const input = { code: 'HB-2026-0042', title: 'Tank farm fire', level: 'II', startAt: iso(start), area: [[114.1, 30.5], [114.2, 30.5], [114.2, 30.6], [114.1, 30.5]] };
    expect((await post(viewer, '/api/incidents', input)).status).toBe(403);
    const bad = await post(commander, '/api/incidents', { ...input, level: 'V', endAt: iso(start - 1) });
    expect(bad.status).toBe(400);
    const reasons = ((await bad.json()) as { message: string[] }).message.join('; ');
    expect(reasons).toMatch(/level/);
    const openRing = await post(commander, '/api/incidents', { ...input, area: [[114.1, 30.5], [114.2, 30.5], [114.2, 30.6], [114.1, 30.6]] });
    expect(await openRing.text()).toMatch(/ring must end where it starts/);

    const incident = await json<Incident>(await post(commander, '/api/incidents', input), 201);
    expect(incident).toMatchObject({ code: 'HB-2026-0042', level: 'II', drill: false, state: 'open', endAt: null });
    expect((await post(commander, '/api/incidents', input)).status).toBe(409);
    const drill = await json<Incident>(await post(commander, '/api/incidents', { ...input, code: 'DRILL-2026-01', drill: true }), 201);

    expect((await json<Incident[]>(await viewer.fetch('/api/incidents?drill=true'), 200)).map((i) => i.id)).toEqual([drill.id]);
    expect((await json<Incident[]>(await viewer.fetch('/api/incidents?drill=false&open=true'), 200)).map((i) => i.id)).toContain(incident.id);
    expect((await viewer.fetch('/api/incidents?open=maybe')).status).toBe(400);
    expect(await json<Incident>(await viewer.fetch(`/api/incidents/${incident.id}`), 200)).toEqual(incident);
    expect((await viewer.fetch('/api/incidents/00000000-0000-4000-8000-000000000000')).status).toBe(404);

    const patch = (who: Person, body: unknown) => who.fetch(`/api/incidents/${incident.id}`, { method: 'PATCH', body: JSON.stringify(body) });
    expect((await patch(viewer, { level: 'I' })).status).toBe(403);
    expect((await patch(commander, { colour: 'red' })).status).toBe(400);
    expect(await (await patch(commander, { endAt: iso(start - MINUTE) })).text()).toMatch(/endAt must be after startAt/);
    const changed = await json<Incident>(await patch(commander, { level: 'I', title: 'Tank farm fire, tank 3' }), 200);
    expect(changed).toMatchObject({ level: 'I', title: 'Tank farm fire, tank 3', area: input.area, drill: false, code: incident.code });

    expect((await post(commander, `/api/incidents/${drill.id}/close`, { at: iso(start - 1) })).status).toBe(400);
    const closed = await json<Incident>(await post(commander, `/api/incidents/${drill.id}/close`, { at: iso(start + 30 * MINUTE) }), 200);
    expect(closed).toMatchObject({ state: 'closed', endAt: iso(start + 30 * MINUTE) });
    expect((await post(commander, `/api/incidents/${drill.id}/close`, {})).status).toBe(409);
    const state = (at: string) => viewer.fetch(`/api/incidents/${drill.id}/state?at=${at}`);
    expect(await (await state(String(start + 31 * MINUTE))).text()).toMatch(/outside incident/);
    expect((await state(encodeURIComponent(iso(start - 1)))).status).toBe(400);
    expect(((await (await state('yesterday')).json()) as { message: string }).message).toMatch(/^at: "yesterday" is not/);
    expect((await state(String(start + MINUTE))).status).toBe(200);

    const audit = await json<Page<AuditEntry>>(await stack.api.fetch('/api/audit?action=incident.update'), 200);
    expect(audit.items.find((e) => e.targetId === incident.id)).toMatchObject({ actorName: 'incident-commander' });
  });

  it('deploys only known devices, refuses overlapping windows (409) and ends deployments', async () => {
    await publishJson(stack.device, buildTopic('drone', 'drone-77', 'telemetry'), makeDroneTelemetry({ ts: Date.now() }));
    await pollUntil(async () => (await stack.api.fetch('/api/devices/drone-77')).status, (s) => s === 200, { what: 'drone-77 to be known' });
    const start = Date.now() - 10 * MINUTE;
    const incident = await json<Incident>(await post(commander, '/api/incidents', { code: 'HB-2026-0043', title: 'Spill', level: 'III', startAt: iso(start) }), 201);
    const path = `/api/incidents/${incident.id}/deployments`;
    expect((await post(viewer, path, { deviceId: 'drone-77', from: iso(start) })).status).toBe(403);
    expect(await (await post(commander, path, { deviceId: 'drone-99', from: iso(start) })).text()).toMatch(/deviceId: no device drone-99/);
    expect(await (await post(commander, path, { deviceId: 'drone-77', from: iso(start), to: iso(start - 1) })).text()).toMatch(/to must be after from/);
    const first = await json<Deployment>(await post(commander, path, { deviceId: 'drone-77', from: iso(start), to: iso(start + MINUTE), role: 'orbit' }), 201);
    expect(first).toMatchObject({ deviceId: 'drone-77', deviceKind: 'drone', role: 'orbit', to: iso(start + MINUTE) });
    const overlap = await post(commander, path, { deviceId: 'drone-77', from: iso(start + 30 * SECOND) });
    expect(overlap.status).toBe(409);
    expect(await overlap.text()).toMatch(/already deployed/);
    const second = await json<Deployment>(await post(commander, path, { deviceId: 'drone-77', from: iso(start + MINUTE) }), 201);
    expect((await post(commander, `${path}/${second.id}/end`, { at: iso(start) })).status).toBe(400);
    const ended = await json<Deployment>(await post(commander, `${path}/${second.id}/end`, { at: iso(start + 2 * MINUTE) }), 200);
    expect(ended.to).toBe(iso(start + 2 * MINUTE));
    expect((await post(commander, `${path}/${second.id}/end`, {})).status).toBe(409);
    expect((await json<Deployment[]>(await viewer.fetch(path), 200)).map((d) => [d.id, d.to])).toEqual([[first.id, first.to], [second.id, ended.to]]);
  });

  it('seek: the state at T equals the state computed directly from the stored rows, readings and alerts', async () => {
    // Eight virtual minutes of the fire, four devices; drone-02 is played but not deployed.
    const startTime = Date.now() - 12 * MINUTE;
    const mid = startTime + 4 * MINUTE;
    const scenario = createScenario('chemical-plant-fire', { seed: 42, startTime });
    const played = ['drone-01', 'drone-02', 'ms-01', 'ms-02'];
    const messages = scenario.advanceTo(startTime + 8 * MINUTE).flatMap((e) => (e.type === 'publish' && played.includes(e.deviceId) ? [e] : []));
    await publishAndCommit(stack, messages);
    // A store-and-forward reading (array payload) arriving after everything else, at a device time in the middle.
    const lateAt = mid + 1234;
    await publishAndCommit(stack, [{ topic: buildTopic('drone', 'drone-01', 'telemetry'), payload: JSON.stringify([makeDroneTelemetry({ ts: lateAt, seq: 9_000_001 })]) }]);

    const incident = await json<Incident>(
      await post(commander, '/api/incidents', { code: 'HB-2026-0044', title: 'Chemical plant fire', level: 'I', startAt: iso(startTime - MINUTE) }),
      201,
    );
    const deploy = (deviceId: string, from: number, to: number | null) =>
      post(commander, `/api/incidents/${incident.id}/deployments`, { deviceId, from: iso(from), to: to === null ? null : iso(to) }).then((r) => json<Deployment>(r, 201));
    const deployments = [await deploy('drone-01', startTime - MINUTE, null), await deploy('ms-01', startTime - MINUTE, mid), await deploy('ms-02', mid, null)];

    // An alert of a deployed device, raised now (alert times are server times), then acknowledged.
    await publishJson(stack.device, buildTopic('ms', 'ms-02', 'survey'), makeMsSurvey({ ts: Date.now(), gases: [{ cas: '7783-06-4', name: 'H2S', value: 30, unit: 'ppm' }] }));
    const alert = await waitForAlert(stack.api, (a) => a.deviceId === 'ms-02' && a.subject === '7783-06-4', 'the H2S alert of ms-02');
    const raisedEnd = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 20)); // the acknowledgement must get a later server time than raisedEnd
    expect((await commander.act(alert.id, { action: 'acknowledge', note: 'on it' })).status).toBe(201);
    // Every alert of the played devices, with its steps (the scenario raises some too).
    const details: AlertDetail[] = [];
    for (const a of (await listAlerts(stack.api)).filter((x) => x.deviceId !== null && played.includes(x.deviceId))) {
      details.push(await json<AlertDetail>(await viewer.fetch(`/api/alerts/${a.id}`), 200));
    }
    const detail = details.find((d) => d.alert.id === alert.id)!;

    const dataSource = stack.api.app.get(DataSource);
    const expectedAt = async (t: number) => {
      const active = deployments.filter((d) => Date.parse(d.from) <= t && (d.to === null || t < Date.parse(d.to))).sort((a, b) => a.deviceId.localeCompare(b.deviceId));
      const devices = [];
      for (const d of active) {
        const latest: string[] = [];
        for (const { table, column } of TABLES) {
          const rows = (await dataSource.query(
            `SELECT seq::float8 AS seq, (extract(epoch FROM time) * 1000)::float8 AS t, late, ${column} AS v FROM ${table}
             WHERE device_id = $1 AND time <= to_timestamp($2 / 1000.0) AND time >= $3::timestamptz ORDER BY time DESC, seq DESC LIMIT 1`,
            [d.deviceId, t, d.from],
          )) as { seq: number; t: number; late: boolean; v: unknown }[];
          if (rows[0]) latest.push(`${table} ${rows[0].t} #${rows[0].seq}${rows[0].late ? ' late' : ''} ${String(rows[0].v)}`);
        }
        devices.push({ deviceId: d.deviceId, latest: latest.sort() });
      }
      // Alerts from their history: the last step at or before T (engine steps at the device time of
      // their reading, people's at server time) decides whether and how each one stood.
      const alerts = details.flatMap(({ alert: a, steps }) => {
        const last = steps.filter((s) => Date.parse(s.deviceAt ?? s.at) <= t).at(-1);
        return active.some((d) => d.deviceId === a.deviceId) && last && !['closed', 'lifted'].includes(last.toState) ? [{ id: a.id, state: last.toState, level: last.level, first: a.firstReadingAt }] : [];
      }).sort((x, y) => x.first - y.first || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)).map(({ first: _f, ...x }) => x);
      return { devices, alerts };
    };
    const actualAt = async (t: number) => {
      const state = await json<IncidentStateAt>(await viewer.fetch(`/api/incidents/${incident.id}/state?at=${t}`), 200);
      expect(state.at).toBe(t);
      const row = (r: DeviceReading) => {
        const { table, value } = TABLES.find((x) => x.stream === r.channel)!;
        return `${table} ${r.time} #${r.seq}${r.late ? ' late' : ''} ${String(value(r.data as Record<string, unknown>))}`;
      };
      return {
        devices: state.devices.map((d) => ({ deviceId: d.deployment.deviceId, latest: d.latest.map(row).sort() })),
        alerts: state.alerts.map((a) => ({ id: a.id, state: a.state, level: a.level })),
        state,
      };
    };

    const ackAt = Date.parse(detail.steps.find((s) => s.kind === 'acknowledge')!.at);
    const moments = {
      'before the first reading': startTime - 1,
      'just before the switch from ms-01 to ms-02': mid - 1,
      'at the late reading': lateAt,
      'after the switch': mid + 90 * SECOND,
      'end of the recording': startTime + 8 * MINUTE,
      'alert raised': raisedEnd,
      'alert acknowledged': ackAt,
    };
    for (const [what, t] of Object.entries(moments)) {
      const { state, ...actual } = await actualAt(t);
      expect({ what, ...actual }).toEqual({ what, ...(await expectedAt(t)) });
      expect(state.incident.id).toBe(incident.id);
    }

    // The checks above are not vacuous: readings were there, the late one won at its time, the alert changed state.
    const before = await actualAt(moments['before the first reading']);
    expect(before.devices.map((d) => [d.deviceId, d.latest])).toEqual([['drone-01', []], ['ms-01', []]]);
    const atLate = (await actualAt(lateAt)).state.devices.find((d) => d.deployment.deviceId === 'drone-01')!.latest;
    expect(atLate.find((r) => r.channel === 'telemetry')).toMatchObject({ time: lateAt, late: true, seq: 9_000_001 });
    expect(atLate.map((r) => r.channel).sort()).toEqual(['status', 'telemetry', 'thermal']);
    const end = await actualAt(moments['end of the recording']);
    expect(end.devices.map((d) => d.deviceId)).toEqual(['drone-01', 'ms-02']);
    expect(end.devices.map((d) => d.latest.map((r) => r.split(' ')[0]))).toEqual([['device_status', 'drone_telemetry', 'drone_thermal'], ['ms_survey']]);
    expect((await actualAt(raisedEnd)).alerts).toContainEqual({ id: alert.id, state: 'raised', level: 'orange' });
    expect((await actualAt(ackAt)).alerts).toContainEqual({ id: alert.id, state: 'acknowledged', level: 'orange' });
  });

  it('an incident room delivers live readings of the devices deployed to it now, and follows deployment changes', async () => {
    const incident = await json<Incident>(
      await post(commander, '/api/incidents', { code: 'HB-2026-0045', title: 'Live filter', level: 'IV', startAt: iso(Date.now() - MINUTE) }),
      201,
    );
    for (const id of ['drone-31', 'drone-32']) await publishJson(stack.device, buildTopic('drone', id, 'telemetry'), makeDroneTelemetry({ ts: Date.now() }));
    await pollUntil(async () => (await stack.api.fetch('/api/devices/drone-32')).status, (s) => s === 200, { what: 'drone-32 to be known' });
    const deployment = await json<Deployment>(
      await post(commander, `/api/incidents/${incident.id}/deployments`, { deviceId: 'drone-31', from: iso(Date.now() - MINUTE) }),
      201,
    );

    const socket: LiveClient = io(stack.api.baseUrl, { transports: ['websocket'], reconnection: false, auth: { token: viewer.token } });
    try {
      await new Promise<void>((resolve, reject) => socket.on('connect', resolve).on('connect_error', reject));
      const seen: string[] = [];
      socket.on('readings', (frame) => unpackReadings(frame).forEach((r) => r.kind === 'drone' && r.channel !== 'status' && seen.push(`${r.deviceId}:${r.seq}`)));
      const bad = await socket.emitWithAck('subscribe', { rooms: ['incident:not-a-uuid'] });
      expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/incident:<uuid>/) });
      const reply: LiveSubscriptionReply = await socket.emitWithAck('subscribe', { rooms: [`incident:${incident.id}`], maxHz: 20 });
      expect(reply).toMatchObject({ ok: true, rooms: [`incident:${incident.id}`] });

      const publishBoth = async (seq: number) => {
        for (const id of ['drone-31', 'drone-32']) await publishJson(stack.device, buildTopic('drone', id, 'telemetry'), makeDroneTelemetry({ ts: Date.now(), seq }));
      };
      await publishBoth(101);
      await pollUntil(() => seen.includes('drone-31:101'), Boolean, { what: 'drone-31 through the incident room' });
      // The marker reading was published after drone-32's: had drone-32 passed the filter it would be here.
      await publishJson(stack.device, buildTopic('drone', 'drone-31', 'telemetry'), makeDroneTelemetry({ ts: Date.now(), seq: 102 }));
      await pollUntil(() => seen.includes('drone-31:102'), Boolean, { what: 'the marker reading' });
      expect(seen.filter((s) => s.startsWith('drone-32'))).toEqual([]);

      // Deploy drone-32, end drone-31: the room follows at once.
      await json<Deployment>(await post(commander, `/api/incidents/${incident.id}/deployments`, { deviceId: 'drone-32', from: iso(Date.now() - MINUTE) }), 201);
      await json<Deployment>(await post(commander, `/api/incidents/${incident.id}/deployments/${deployment.id}/end`, {}), 200);
      await publishBoth(201);
      await pollUntil(() => seen.includes('drone-32:201'), Boolean, { what: 'drone-32 after its deployment' });
      await publishJson(stack.device, buildTopic('drone', 'drone-32', 'telemetry'), makeDroneTelemetry({ ts: Date.now(), seq: 202 }));
      await pollUntil(() => seen.includes('drone-32:202'), Boolean, { what: 'the second marker reading' });
      expect(seen.filter((s) => s.startsWith('drone-31:2'))).toEqual([]);
    } finally {
      socket.close();
    }
  });
});
