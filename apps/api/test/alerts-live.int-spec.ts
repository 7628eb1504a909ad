import { io, type Socket } from 'socket.io-client';
import { buildTopic, type Alert, type AlertRule, type ClientToServerEvents, type ServerToClientEvents } from '@tianyan/contracts';
import { makeDroneTelemetry, makeMsSurvey, pollUntil } from '@tianyan/testing';
import { createPerson, listAlerts, waitForAlert } from './alert-helpers';
import { publishJson } from './device-publisher';
import { useApiStack } from './test-stack';

type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;
const H2S = '7783-06-4';
const BENZENE = '71-43-2';

describe('alerts: live events, de-duplication and rules over REST', () => {
  const stack = useApiStack();
  let socket: LiveClient;
  const events: Array<{ kind: 'raised' | 'updated'; alert: Alert }> = [];

  beforeAll(async () => {
    const viewer = await createPerson(stack.api, 'live-viewer', 'viewer');
    socket = io(stack.api.baseUrl, { transports: ['websocket'], reconnection: false, auth: { token: viewer.token } });
    socket.on('alert:raised', (alerts) => alerts.forEach((alert) => events.push({ kind: 'raised', alert })));
    socket.on('alert:updated', (alerts) => alerts.forEach((alert) => events.push({ kind: 'updated', alert })));
    await new Promise<void>((resolve, reject) => socket.on('connect', resolve).on('connect_error', reject));
  });
  afterAll(() => socket?.close());

  const survey = (cas: string, value: number, unit = 'ppm') => makeMsSurvey({ gases: [{ cas, name: 'gas', value, unit }] });

  it('pushes a raised alert to every signed-in client without a subscription, then its escalation', async () => {
    await publishJson(stack.device, buildTopic('ms', 'ms-live-1', 'survey'), survey(H2S, 30));
    const raised = await pollUntil(() => events.find((e) => e.kind === 'raised' && e.alert.deviceId === 'ms-live-1'), (e) => !!e, { what: 'alert:raised' });
    expect(raised!.alert).toMatchObject({ level: 'orange', subject: H2S, measure: { unit: 'ppm' } });
    expect(raised!.alert.measure.basis).toMatch(/AEGL-2/);
    await publishJson(stack.device, buildTopic('ms', 'ms-live-1', 'survey'), survey(H2S, 55));
    const escalated = await pollUntil(() => events.find((e) => e.kind === 'updated' && e.alert.id === raised!.alert.id && e.alert.level === 'red'), (e) => !!e, { what: 'escalation' });
    expect(escalated!.alert.peakLevel).toBe('red');
  });

  it('keeps one open alert per device × rule × subject through a storm of readings, and never lowers it by itself', async () => {
    const topic = buildTopic('ms', 'ms-live-2', 'survey');
    // Two waves in separate batches (ingest may gather a quick burst into one): the second, worse
    // than the first, must update the alert the first raised, not raise another.
    for (let i = 0; i < 20; i++) await publishJson(stack.device, topic, survey(H2S, 28 + (i % 3)));
    await waitForAlert(stack.api, (a) => a.deviceId === 'ms-live-2' && a.active, 'the first wave to raise');
    for (let i = 0; i < 40; i++) await publishJson(stack.device, topic, survey(H2S, 28 + (i % 5)));
    // Below every colour and past the hysteresis band: the condition clears, the colour stays.
    await publishJson(stack.device, topic, survey(H2S, 0.01));
    const alert = await waitForAlert(stack.api, (a) => a.deviceId === 'ms-live-2' && !a.active, 'the condition to clear');
    expect(alert.level).toBe('orange');
    expect(alert.occurrences).toBeGreaterThan(1);
    expect((await listAlerts(stack.api, 'deviceId=ms-live-2')).filter((a) => a.subject === H2S)).toHaveLength(1);
    // Screens hear of it on a gateway tick after the commit, which REST may answer before: as an
    // update, or, when raise and clear committed within one tick, as the raise in its newest version.
    await pollUntil(() => events.some((e) => e.alert.deviceId === 'ms-live-2' && !e.alert.active), (seen) => seen, { what: 'the clear to reach the screen' });
    const raisedEvents = events.filter((e) => e.kind === 'raised' && e.alert.deviceId === 'ms-live-2');
    expect(raisedEvents).toHaveLength(1);
  });

  it('validates rules, converts their units, and refuses what roles may not do', async () => {
    const viewer = await createPerson(stack.api, 'rules-viewer', 'viewer');
    const commander = await createPerson(stack.api, 'rules-commander', 'commander');
    const bad = await commander.fetch('/api/alert-rules', { method: 'POST', body: JSON.stringify({ kind: 'exposure', name: 'x', cas: BENZENE, levels: { blue: 5, yellow: 2 } }) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/must not fall/);
    const badCas = await commander.fetch('/api/alert-rules', { method: 'POST', body: JSON.stringify({ kind: 'exposure', name: 'x', cas: '71-43-3', levels: { red: 1 } }) });
    expect(badCas.status).toBe(400);
    // 10 mg/m³ benzene = 3.13 ppm at 25 °C: a 3.2 ppm reading reaches it, a 3.0 ppm one does not.
    const rule = { kind: 'exposure', name: 'Benzene site limit', cas: BENZENE, unit: 'mg/m3', levels: { orange: 10 }, scope: { deviceIds: ['ms-live-3', 'ms-live-4'] } };
    expect((await viewer.fetch('/api/alert-rules', { method: 'POST', body: JSON.stringify(rule) })).status).toBe(403);
    const created = await commander.fetch('/api/alert-rules', { method: 'POST', body: JSON.stringify(rule) });
    expect(created.status).toBe(201);
    const stored = (await created.json()) as AlertRule;
    await publishJson(stack.device, buildTopic('ms', 'ms-live-3', 'survey'), survey(BENZENE, 3.0));
    await publishJson(stack.device, buildTopic('ms', 'ms-live-4', 'survey'), survey(BENZENE, 3.2));
    const fired = await waitForAlert(stack.api, (a) => a.ruleId === stored.id, 'the mg/m³ rule');
    expect(fired).toMatchObject({ deviceId: 'ms-live-4', level: 'orange' });
    expect((await listAlerts(stack.api, 'deviceId=ms-live-3')).filter((a) => a.ruleId === stored.id)).toHaveLength(0);

    const builtIn = (await (await viewer.fetch('/api/alert-rules?kind=obd')).json()) as AlertRule[];
    expect(builtIn[0]!.builtIn).toBe(true);
    expect((await commander.fetch(`/api/alert-rules/${builtIn[0]!.id}`, { method: 'DELETE' })).status).toBe(409);
    const wrongKind = await commander.fetch(`/api/alert-rules/${stored.id}`, { method: 'PUT', body: JSON.stringify({ kind: 'offline', name: 'x' }) });
    expect(wrongKind.status).toBe(409);
  });

  it('imports geofences from GeoJSON (all or none) and alerts when a drone enters one', async () => {
    const commander = await createPerson(stack.api, 'fence-commander', 'commander');
    const square = (lon: number, lat: number, d: number) => [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]];
    const broken = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'open ring' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] } }] };
    const refused = await commander.fetch('/api/alert-rules/geofences/import', { method: 'POST', body: JSON.stringify({ geojson: broken }) });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/open ring/);
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '水源保护区 1', level: 'red' }, geometry: { type: 'Polygon', coordinates: [square(114.3, 30.6, 0.01)] } }] };
    const res = await commander.fetch('/api/alert-rules/geofences/import', { method: 'POST', body: JSON.stringify({ geojson: fc, trigger: 'enter' }) });
    expect(res.status).toBe(201);
    const { created } = (await res.json()) as { created: AlertRule[] };
    expect(created).toHaveLength(1);
    const topic = buildTopic('drone', 'drone-fence-1', 'telemetry');
    // Outside, then inside a second later: two readings of one millisecond have no order to enter by.
    const now = Date.now();
    await publishJson(stack.device, topic, makeDroneTelemetry({ lat: 30.5, lon: 114.3, ts: now - 1000 }));
    await publishJson(stack.device, topic, makeDroneTelemetry({ lat: 30.6, lon: 114.3, ts: now }));
    const alert = await waitForAlert(stack.api, (a) => a.ruleId === created[0]!.id, 'the geofence alert');
    expect(alert).toMatchObject({ deviceId: 'drone-fence-1', level: 'red', subject: 'enter', ruleKind: 'geofence' });
  });
});
