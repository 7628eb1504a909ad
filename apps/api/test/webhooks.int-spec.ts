import type { MqttClient } from 'mqtt';
import { createHmac, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildTopic, type Alert, type AlertLevel, type AuditEntry, type Page, type WebhookDelivery, type WebhookEndpoint, type WebhookInput } from '@tianyan/contracts';
import { WEBHOOK_TEST_ALERT_ID } from '@tianyan/storage';
import { freePort, makeMsSurvey, pollUntil, startWebhookReceiver, type WebhookReceiver } from '@tianyan/testing';
import { sampleAlert } from '../src/notifications/sample-alert';
import { WEBHOOK_DELIVERY_OPTIONS, type WebhookDeliveryOptions } from '../src/notifications/webhook-delivery-options';
import { WebhookNotifier } from '../src/notifications/webhook-notifier.service';
import { createPerson, type Person } from './alert-helpers';
import { connectPublisher, publishJson } from './device-publisher';
import { startTestApp, startTestServers, TEST_BACKEND, type TestApp, type TestServers } from './test-stack';

/** Backoff in milliseconds instead of seconds: eight attempts take well under a second. */
const FAST: Partial<WebhookDeliveryOptions> = { baseDelayMs: 5, maxDelayMs: 40, pollMs: 20, timeoutMs: 3000 };

/** The test stack's app with the notifier's delivery options replaced. */
function startApp(servers: TestServers): Promise<TestApp> {
  return startTestApp(servers, { env: { INGEST_AUTO_PROVISION: 'on' }, overrides: [{ provide: WEBHOOK_DELIVERY_OPTIONS, useValue: FAST }] });
}

describe(`webhooks: REST, delivery with retries, robots (${TEST_BACKEND} servers)`, () => {
  let servers: TestServers;
  let api: TestApp;
  let device: MqttClient;
  let operator: Person;
  let ruleId: string;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    servers = await startTestServers();
    api = await startApp(servers);
    device = await connectPublisher(servers);
    operator = await createPerson(api, 'wh-operator', 'operator');
  });
  afterAll(async () => {
    await device?.endAsync();
    await api?.close();
    await Promise.all(receivers.map((r) => r.close()));
    await servers?.stop();
  });
  afterEach(async () => {
    // Endpoints of one test must not hear the alerts of the next.
    for (const e of (await (await api.fetch('/api/webhooks')).json()) as WebhookEndpoint[]) await api.fetch(`/api/webhooks/${e.id}`, { method: 'DELETE' });
  });

  const receiver = async (options?: Parameters<typeof startWebhookReceiver>[0]) => {
    const r = await startWebhookReceiver(options);
    receivers.push(r);
    return r;
  };
  const createEndpoint = async (body: WebhookInput): Promise<WebhookEndpoint> => {
    const res = await api.fetch('/api/webhooks', { method: 'POST', body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`POST /api/webhooks: ${res.status} ${await res.text()}`);
    return (await res.json()) as WebhookEndpoint;
  };
  const deliveriesOf = async (query: string): Promise<Page<WebhookDelivery>> => {
    const res = await api.fetch(`/api/webhooks/deliveries?${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Page<WebhookDelivery>;
  };
  const settled = (endpointId: string, what: string) =>
    pollUntil(() => deliveriesOf(`endpointId=${endpointId}`), (p) => p.total > 0 && p.items.every((d) => d.status !== 'pending'), { what, timeoutMs: 20_000 });

  /** An alert stored the way deliveries need it (they reference alerts), with the fields notify reads. */
  const storedAlert = async (over: Partial<Alert> = {}): Promise<Alert> => {
    const db = api.app.get(DataSource);
    ruleId ??= ((await db.query(`INSERT INTO alert_rules (kind, name, definition) VALUES ('exposure', 'H2S', '{"kind":"exposure"}') RETURNING id::text AS id`)) as [{ id: string }])[0].id;
    const level: AlertLevel = over.level ?? 'yellow';
    const [{ id }] = (await db.query(
      `INSERT INTO alerts (rule_id, rule_kind, rule_name, subject, level, peak_level, state, title, measure, peak, active,
         first_reading_at, last_reading_at, raised_at, updated_at, drill)
       VALUES ($1, 'exposure', 'H2S', $2, $3, $3, 'raised', 'H2S over AEGL-1', '{}', '{}', true, now(), now(), now(), now(), $4)
       RETURNING id::text AS id`,
      [ruleId, randomUUID(), level, over.drill ?? false],
    )) as [{ id: string }];
    return { ...sampleAlert(new Date()), drill: false, ruleId, ...over, id, level, peakLevel: level };
  };

  it('lets only admins manage endpoints, validates bodies and never returns or logs a secret', async () => {
    const secret = 'SEC-very-secret-0123456789';
    const created = await createEndpoint({ name: '值班群', url: 'https://oapi.dingtalk.com/robot/send?access_token=tok123', format: 'dingtalk', minLevel: 'orange', secret });
    expect(created).toEqual({
      id: expect.any(String), name: '值班群', url: 'https://oapi.dingtalk.com/robot/send?access_token=tok123', format: 'dingtalk', minLevel: 'orange',
      unitIds: [], events: ['raised', 'escalated', 'overdue'], hasSecret: true, enabled: true, createdAt: expect.any(String),
    });
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/webhooks'], ['POST', '/api/webhooks', { name: 'x', url: 'https://example.org' }], ['PATCH', `/api/webhooks/${created.id}`, { enabled: false }],
      ['DELETE', `/api/webhooks/${created.id}`], ['POST', `/api/webhooks/${created.id}/test`], ['GET', '/api/webhooks/deliveries'],
    ];
    for (const [method, path, body] of routes) {
      const res = await operator.fetch(path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
    }

    const texts: string[] = [];
    const call = async (path: string, init: RequestInit = {}) => {
      const res = await api.fetch(path, init);
      texts.push(await res.clone().text());
      return res;
    };
    expect((await call('/api/webhooks')).status).toBe(200);
    const renamed = await call(`/api/webhooks/${created.id}`, { method: 'PATCH', body: JSON.stringify({ name: '夜班群', events: ['state'] }) });
    expect(await renamed.json()).toEqual({ ...created, name: '夜班群', events: ['state'] });
    const cleared = await call(`/api/webhooks/${created.id}`, { method: 'PATCH', body: JSON.stringify({ secret: null }) });
    expect(await cleared.json()).toMatchObject({ hasSecret: false, name: '夜班群', minLevel: 'orange' });
    await call(`/api/webhooks/${created.id}`, { method: 'PATCH', body: JSON.stringify({ secret }) });
    for (const text of texts) {
      expect(text).not.toContain(secret);
      expect(text).not.toMatch(/"secret"/);
    }
    const audit = (await (await api.fetch('/api/audit?targetType=webhook')).json()) as Page<AuditEntry>;
    expect(audit.items.map((e) => e.action).sort()).toEqual(['webhook.create', 'webhook.update', 'webhook.update', 'webhook.update']);
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect(JSON.stringify(audit)).not.toContain('tok123');

    const bad = async (method: string, path: string, body: unknown, status: number, message: RegExp) => {
      const res = await api.fetch(path, { method, body: JSON.stringify(body) });
      const text = await res.text();
      expect({ path, body, status: res.status }).toEqual({ path, body, status });
      expect(text).toMatch(message);
    };
    await bad('POST', '/api/webhooks', { name: 'x', url: 'ftp://example.org/in' }, 400, /url/);
    await bad('POST', '/api/webhooks', { name: 'x', url: 'https://example.org', format: 'slack' }, 400, /format/);
    await bad('POST', '/api/webhooks', { name: 'x', url: 'https://example.org', hasSecret: true }, 400, /hasSecret/);
    await bad('POST', '/api/webhooks', { name: 'x', url: 'https://example.org', events: [] }, 400, /events/);
    await bad('PATCH', `/api/webhooks/${created.id}`, {}, 400, /at least one/);
    await bad('PATCH', '/api/webhooks/not-a-uuid', { enabled: false }, 400, /uuid/);
    await bad('PATCH', `/api/webhooks/${randomUUID()}`, { enabled: false }, 404, /no webhook/);
    await bad('GET', '/api/webhooks/deliveries?status=lost', undefined, 400, /status/);

    expect((await api.fetch(`/api/webhooks/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api.fetch(`/api/webhooks/${created.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('retries a failing receiver with backoff until it accepts: three attempts recorded, the same signed body each time', async () => {
    const hook = await receiver({ failFirst: 2 });
    const secret = 'generic-hmac-key';
    const endpoint = await createEndpoint({ name: 'ops', url: `${hook.url}/tianyan?src=1`, minLevel: 'yellow', secret });
    const alert = await storedAlert({ level: 'orange' });
    await api.app.get(WebhookNotifier).notify('raised', alert);

    const page = await settled(endpoint.id, 'the delivery to settle');
    expect(page.items).toEqual([expect.objectContaining({ endpointId: endpoint.id, alertId: alert.id, event: 'raised', status: 'delivered', attempts: 3, httpStatus: 200, error: null, nextAttemptAt: null })]);
    expect(hook.requests).toHaveLength(3);
    for (const req of hook.requests) {
      expect(req.path).toBe('/tianyan');
      expect(req.query).toEqual({ src: '1' });
      expect(req.headers['x-tianyan-event']).toBe('raised');
      expect(req.headers['x-tianyan-delivery']).toBe(page.items[0]!.id);
      expect(req.headers['x-tianyan-signature']).toBe(`sha256=${createHmac('sha256', secret).update(req.rawBody).digest('hex')}`);
      expect(req.rawBody).toBe(hook.requests[0]!.rawBody);
    }
    expect(hook.requests[0]!.body).toEqual({ event: 'raised', occurredAt: expect.any(String), alert: expect.objectContaining({ id: alert.id, level: 'orange', drill: false }) });
  });

  it('counts a DingTalk robot answering errcode 310000 as a failure, signing every attempt, and gives up after eight', async () => {
    const robot = await receiver({ respond: () => ({ status: 200, body: { errcode: 310000, errmsg: 'sign not match' } }) });
    const secret = 'SECdingtalk0123456789';
    const endpoint = await createEndpoint({ name: '钉钉', url: `${robot.url}/robot/send?access_token=abc`, format: 'dingtalk', minLevel: 'blue', secret });
    const alert = await storedAlert({ level: 'red', drill: true });
    await api.app.get(WebhookNotifier).notify('raised', alert);

    const page = await settled(endpoint.id, 'the robot delivery to fail');
    expect(page.items).toEqual([expect.objectContaining({ status: 'failed', attempts: 8, httpStatus: 200, error: 'errcode 310000: sign not match', nextAttemptAt: null })]);
    expect(robot.requests).toHaveLength(8);
    for (const req of robot.requests) {
      expect(req.query.access_token).toBe('abc');
      expect(req.query.sign).toBe(createHmac('sha256', secret).update(`${req.query.timestamp}\n${secret}`).digest('base64'));
    }
    const body = robot.requests[0]!.body as { msgtype: string; markdown: { title: string; text: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toMatch(/^【演练】红色预警/);
    expect(body.markdown.text).toContain('演练 DRILL');
  });

  it('ends an unreachable URL failed after the last attempt, with the reason and no HTTP status', async () => {
    const endpoint = await createEndpoint({ name: 'gone', url: `http://127.0.0.1:${await freePort()}/hook` });
    await api.app.get(WebhookNotifier).notify('raised', await storedAlert());
    const page = await settled(endpoint.id, 'the delivery to give up');
    expect(page.items).toEqual([expect.objectContaining({ status: 'failed', attempts: 8, httpStatus: null, error: expect.stringMatching(/ECONNREFUSED/) })]);
  });

  it('sends to the endpoints whose colour, units and events match, and to no others', async () => {
    const wecom = await receiver({ respond: () => ({ status: 200, body: { errcode: 0, errmsg: 'ok' } }) });
    const [unitA, unitB] = ((await api.app.get(DataSource).query(
      `INSERT INTO responsible_units (name, tier) VALUES ('wh-plant-a', 'enterprise'), ('wh-county-b', 'county') RETURNING id::text AS id`,
    )) as { id: string }[]).map((u) => u.id);
    const everyone = await createEndpoint({ name: 'wecom', url: `${wecom.url}/cgi-bin/webhook/send?key=k1`, format: 'wecom', minLevel: 'yellow', events: ['overdue'] });
    const redOnly = await createEndpoint({ name: 'red', url: `${wecom.url}/red`, format: 'wecom', minLevel: 'red', events: ['overdue'] });
    const plantA = await createEndpoint({ name: 'plant A', url: `${wecom.url}/a`, format: 'wecom', unitIds: [unitA!], events: ['overdue'] });
    const raisedOnly = await createEndpoint({ name: 'raised only', url: `${wecom.url}/raised`, format: 'wecom', events: ['raised'] });
    const off = await createEndpoint({ name: 'off', url: `${wecom.url}/off`, format: 'wecom', events: ['overdue'], enabled: false });

    const alert = await storedAlert({ level: 'orange', unitId: unitB!, state: 'dispatched', overdue: true });
    await api.app.get(WebhookNotifier).notify('overdue', alert);
    await settled(everyone.id, 'the WeCom delivery');
    expect((await deliveriesOf(`endpointId=${everyone.id}`)).items).toEqual([expect.objectContaining({ status: 'delivered', attempts: 1, event: 'overdue' })]);
    for (const quiet of [redOnly, plantA, raisedOnly, off]) expect((await deliveriesOf(`endpointId=${quiet.id}`)).total).toBe(0);
    expect(wecom.requests.map((r) => r.path)).toEqual(['/cgi-bin/webhook/send']);
    const content = (wecom.requests[0]!.body as { markdown: { content: string } }).markdown.content;
    expect(content).toContain('橙色预警');
    expect(content).toContain('处置超时');

    await api.app.get(WebhookNotifier).notify('overdue', { ...alert, unitId: unitA! });
    await pollUntil(() => deliveriesOf(`endpointId=${plantA.id}&status=delivered`), (p) => p.total === 1, { what: 'the unit endpoint' });
    expect((await deliveriesOf(`alertId=${alert.id}`)).total).toBe(3);
  });

  it('sends a test message now, once, about a drill sample alert, and says how it went', async () => {
    const hook = await receiver();
    const ok = await createEndpoint({ name: 'ok', url: `${hook.url}/in` });
    const res = await api.fetch(`/api/webhooks/${ok.id}/test`, { method: 'POST' });
    expect(res.status).toBe(200);
    const delivery = (await res.json()) as WebhookDelivery;
    expect(delivery).toMatchObject({ endpointId: ok.id, alertId: WEBHOOK_TEST_ALERT_ID, status: 'delivered', attempts: 1, httpStatus: 200, nextAttemptAt: null });
    expect(hook.requests).toHaveLength(1);
    expect(hook.requests[0]!.body).toMatchObject({ event: 'raised', alert: { id: WEBHOOK_TEST_ALERT_ID, drill: true, level: 'red' } });

    const down = await createEndpoint({ name: 'down', url: `http://127.0.0.1:${await freePort()}/in` });
    const failed = (await (await api.fetch(`/api/webhooks/${down.id}/test`, { method: 'POST' })).json()) as WebhookDelivery;
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, httpStatus: null, error: expect.stringMatching(/ECONNREFUSED/), nextAttemptAt: null });
    expect((await deliveriesOf(`alertId=${WEBHOOK_TEST_ALERT_ID}`)).items.map((d) => d.id)).toEqual([failed.id, delivery.id]);
    expect((await api.fetch(`/api/webhooks/${randomUUID()}/test`, { method: 'POST' })).status).toBe(404);
  });

  it('tells a webhook of an alert the engine raised from a device reading, and of its acknowledgement', async () => {
    const hook = await receiver();
    await createEndpoint({ name: 'engine', url: `${hook.url}/in`, minLevel: 'yellow', events: ['raised', 'state'] });
    const h2s = makeMsSurvey({ gases: [{ cas: '7783-06-4', name: 'hydrogen sulfide', value: 30, unit: 'ppm' }] });
    await publishJson(device, buildTopic('ms', 'ms-webhook-1', 'survey'), h2s);

    type Message = { event: string; alert: Alert };
    const mine = () => hook.requests.map((r) => r.body as Message).filter((m) => m.alert?.deviceId === 'ms-webhook-1');
    const [raised] = await pollUntil(mine, (m) => m.length > 0, { what: 'the raised alert at the webhook', timeoutMs: 20_000 });
    expect(raised).toMatchObject({ event: 'raised', alert: { state: 'raised', level: 'orange', subject: '7783-06-4' } });

    const ack = await operator.act(raised!.alert.id, { action: 'acknowledge', note: 'on it' });
    expect(ack.status).toBe(201);
    const messages = await pollUntil(mine, (m) => m.some((x) => x.event === 'state'), { what: 'the state change at the webhook' });
    expect(messages.find((m) => m.event === 'state')!.alert).toMatchObject({ id: raised!.alert.id, state: 'acknowledged' });
  });

  it('sends what was pending when the api stopped once it is back', async () => {
    const hook = await receiver();
    const endpoint = await createEndpoint({ name: 'after restart', url: `${hook.url}/in` });
    const alert = await storedAlert();
    await api.close();
    // Written while no api runs, as a delivery queued just before a crash would be.
    const db = new Client({ connectionString: servers.databaseUrl });
    await db.connect();
    await db.query(`INSERT INTO webhook_deliveries (endpoint_id, alert_id, event, payload, next_attempt_at) VALUES ($1, $2, 'raised', $3, now())`, [
      endpoint.id, alert.id, JSON.stringify({ event: 'raised', occurredAt: new Date().toISOString(), alert }),
    ]);
    await db.end();
    expect(hook.requests).toHaveLength(0);

    api = await startApp(servers);
    const page = await settled(endpoint.id, 'the pending delivery after restart');
    expect(page.items).toEqual([expect.objectContaining({ alertId: alert.id, status: 'delivered', attempts: 1 })]);
    expect(hook.requests).toHaveLength(1);
  });
});
