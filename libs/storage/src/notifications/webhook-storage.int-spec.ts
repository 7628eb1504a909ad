import { Test, type TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConfigModule } from '@tianyan/config';
import { ENABLED_ENDPOINTS_TTL_MS, StorageModule, WEBHOOK_TEST_ALERT_ID, WebhookDeliveryRepository, WebhookEndpointRepository, type WebhookEndpointInput } from '@tianyan/storage';
import { embeddedTarget, postgresTarget, type StorageTarget } from '../testing/storage-test-targets';

const input = (over: Partial<WebhookEndpointInput> = {}): WebhookEndpointInput => ({
  name: 'duty room', url: 'https://hooks.example.org/in', format: 'generic', minLevel: 'blue', unitIds: [], events: ['raised', 'escalated', 'overdue'], enabled: true, ...over,
});

describe.each<StorageTarget>([embeddedTarget, postgresTarget])('webhook storage on $name', (target) => {
  let stop: () => Promise<void>;
  let moduleRef: TestingModule;
  let dataSource: DataSource;
  let endpoints: WebhookEndpointRepository;
  let deliveries: WebhookDeliveryRepository;
  let ruleId: string;
  let unitA: string;
  let unitB: string;

  /** A stored open alert (deliveries reference alerts), written straight to the table; its own subject keeps it unique. */
  const storedAlert = async (): Promise<string> => {
    const [row] = (await dataSource.query(
      `INSERT INTO alerts (rule_id, rule_kind, rule_name, subject, level, peak_level, state, title, measure, peak, active,
         first_reading_at, last_reading_at, raised_at, updated_at)
       VALUES ($1, 'offline', 'Device offline', $2, 'yellow', 'yellow', 'raised', 'test', '{}', '{}', true, now(), now(), now(), now())
       RETURNING id::text AS id`,
      [ruleId, randomUUID()],
    )) as { id: string }[];
    return row!.id;
  };
  const newDelivery = async (endpointId: string, over: { alertId?: string | null; nextAttemptAt?: Date | null } = {}) =>
    deliveries.create({
      endpointId, alertId: over.alertId === undefined ? await storedAlert() : over.alertId, event: 'raised',
      payload: { event: 'raised' }, nextAttemptAt: over.nextAttemptAt === undefined ? new Date() : over.nextAttemptAt,
    });

  beforeAll(async () => {
    const started = await target.start();
    stop = started.stop;
    moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(started.config), StorageModule.forRoot()] }).compile();
    await moduleRef.init();
    dataSource = moduleRef.get(DataSource);
    endpoints = moduleRef.get(WebhookEndpointRepository);
    deliveries = moduleRef.get(WebhookDeliveryRepository);
    [{ id: ruleId }] = (await dataSource.query(
      `INSERT INTO alert_rules (kind, name, definition) VALUES ('offline', 'Device offline', '{"kind":"offline"}') RETURNING id::text AS id`,
    )) as [{ id: string }];
    const units = (await dataSource.query(
      `INSERT INTO responsible_units (name, tier) VALUES ('Plant A', 'enterprise'), ('County B', 'county') RETURNING id::text AS id`,
    )) as { id: string }[];
    [unitA, unitB] = units.map((u) => u.id) as [string, string];
  });

  afterAll(async () => {
    await moduleRef?.close();
    await stop?.();
  });

  beforeEach(async () => {
    await dataSource.query('DELETE FROM webhook_endpoints');
  });

  it('creates, reads, changes and deletes endpoints; the secret is kept but never part of an endpoint', async () => {
    const created = await endpoints.create(input({ secret: 'SECxyz', unitIds: [unitA], events: ['state'], format: 'dingtalk', minLevel: 'orange' }));
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'duty room', url: 'https://hooks.example.org/in', format: 'dingtalk', minLevel: 'orange',
      unitIds: [unitA], events: ['state'], hasSecret: true, enabled: true, createdAt: expect.any(String),
    });
    expect(JSON.stringify(await endpoints.list())).not.toContain('SECxyz');
    expect(await endpoints.get(created.id)).toEqual(created);
    expect(await endpoints.secretOf(created.id)).toBe('SECxyz');

    const renamed = await endpoints.update(created.id, { name: 'night shift', enabled: false });
    expect(renamed).toEqual({ ...created, name: 'night shift', enabled: false });
    expect(await endpoints.secretOf(created.id)).toBe('SECxyz');
    expect(await endpoints.update(created.id, { secret: null })).toMatchObject({ hasSecret: false, name: 'night shift' });
    expect(await endpoints.secretOf(created.id)).toBeNull();
    expect(await endpoints.update(created.id, { secret: 'SECnew', unitIds: [], events: ['raised', 'overdue'] })).toMatchObject({ hasSecret: true, unitIds: [], events: ['raised', 'overdue'] });

    const delivery = await newDelivery(created.id);
    expect(await endpoints.remove(created.id)).toBe(true);
    expect(await endpoints.remove(created.id)).toBe(false);
    expect(await endpoints.get(created.id)).toBeNull();
    expect(await deliveries.get(delivery.id)).toBeNull();
    expect(await endpoints.get('not-a-uuid')).toBeNull();
    expect(await endpoints.update(randomUUID(), { name: 'x' })).toBeNull();
  });

  it('finds the endpoints an alert event goes to, with their secrets', async () => {
    const all = await endpoints.create(input({ name: 'all', secret: 's1' }));
    const redOnly = await endpoints.create(input({ name: 'red only', minLevel: 'red' }));
    const plantA = await endpoints.create(input({ name: 'plant A', unitIds: [unitA] }));
    const states = await endpoints.create(input({ name: 'states', events: ['state'] }));
    await endpoints.create(input({ name: 'off', enabled: false }));
    const names = async (...args: Parameters<WebhookEndpointRepository['matching']>) => (await endpoints.matching(...args)).map((e) => e.name).sort();

    expect(await names('yellow', null, 'raised')).toEqual(['all']);
    expect(await names('red', null, 'raised')).toEqual(['all', 'red only']);
    expect(await names('yellow', unitA, 'raised')).toEqual(['all', 'plant A']);
    expect(await names('yellow', unitB, 'raised')).toEqual(['all']);
    expect(await names('blue', unitA, 'state')).toEqual(['states']);
    const [withSecret] = await endpoints.matching('blue', null, 'raised');
    expect(withSecret).toMatchObject({ id: all.id, secret: 's1', hasSecret: true });
    expect([redOnly.id, plantA.id, states.id]).not.toContain(withSecret!.id);
  });

  it('reads the enabled endpoints once per few seconds, and again at once after this process changes one', async () => {
    const mine = async () => (await endpoints.matching('red', null, 'overdue')).filter((e) => e.name.startsWith('cache ')).map((e) => e.name).sort();
    const first = await endpoints.create(input({ name: 'cache one' }));
    const reads = jest.spyOn(dataSource, 'query');
    const endpointReads = () => reads.mock.calls.filter(([sql]) => /^SELECT .* FROM webhook_endpoints/s.test(sql)).length;
    try {
      expect(await mine()).toEqual(['cache one']);
      expect(await Promise.all([mine(), mine(), endpoints.matching('blue', null, 'raised')])).toHaveLength(3);
      expect(endpointReads()).toBe(1);

      // Another api process disables it: seen here once the cached list has expired.
      await dataSource.query('UPDATE webhook_endpoints SET enabled = false WHERE id = $1', [first.id]);
      expect(await mine()).toEqual(['cache one']);
      const now = Date.now();
      jest.spyOn(Date, 'now').mockReturnValue(now + ENABLED_ENDPOINTS_TTL_MS + 1);
      expect(await mine()).toEqual([]);
      expect(endpointReads()).toBe(2);

      // This process's own changes: seen by the next event.
      const second = await endpoints.create(input({ name: 'cache two' }));
      expect(await mine()).toEqual(['cache two']);
      await endpoints.update(first.id, { enabled: true });
      expect(await mine()).toEqual(['cache one', 'cache two']);
      await endpoints.remove(second.id);
      expect(await mine()).toEqual(['cache one']);
      expect(endpointReads()).toBe(5);
      await endpoints.remove(first.id);
      expect(await mine()).toEqual([]);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('stores each delivery against a real alert, with its payload exactly', async () => {
    const endpoint = await endpoints.create(input());
    await expect(newDelivery(endpoint.id, { alertId: randomUUID() })).rejects.toThrow(/foreign key/);
    const alertId = await storedAlert();
    const payload = { msgtype: 'markdown', markdown: { content: '### 红色预警 🔥 <font color="warning">62.5 ppm</font>\n> 设备：d-1' }, n: 1.25 };
    const created = await deliveries.create({ endpointId: endpoint.id, alertId, event: 'escalated', payload, nextAttemptAt: null });
    expect(created).toEqual({
      id: expect.any(String), endpointId: endpoint.id, alertId, event: 'escalated', status: 'pending', attempts: 0,
      httpStatus: null, error: null, createdAt: expect.any(String), lastAttemptAt: null, nextAttemptAt: null,
    });
    expect(await deliveries.payloadOf(created.id)).toEqual(payload);
  });

  it('claims due deliveries once, leases them, records attempts and gives them back', async () => {
    const endpoint = await endpoints.create(input({ name: 'receiver', format: 'wecom', secret: 'k' }));
    const now = new Date();
    const due1 = await newDelivery(endpoint.id, { nextAttemptAt: new Date(now.getTime() - 1000) });
    const due2 = await newDelivery(endpoint.id, { nextAttemptAt: now });
    const later = await newDelivery(endpoint.id, { nextAttemptAt: new Date(now.getTime() + 60_000) });
    await newDelivery(endpoint.id, { nextAttemptAt: null });

    expect(await deliveries.nextAttemptAt()).toEqual(new Date(now.getTime() - 1000));
    const claimed = await deliveries.due(now, 10, 30_000);
    expect(claimed.map((d) => d.id).sort()).toEqual([due1.id, due2.id].sort());
    expect(claimed[0]).toMatchObject({ event: 'raised', payload: { event: 'raised' }, attempts: 0, endpoint: { id: endpoint.id, name: 'receiver', url: endpoint.url, format: 'wecom', secret: 'k' } });
    // Leased: a second pass, or another replica, does not get them again.
    expect(await deliveries.due(now, 10, 30_000)).toEqual([]);
    expect((await deliveries.get(due1.id))!.nextAttemptAt).toBe(new Date(now.getTime() + 30_000).toISOString());

    const retryAt = new Date(now.getTime() + 2000);
    const failed = await deliveries.recordAttempt(due1.id, { status: 'pending', httpStatus: 503, error: 'HTTP 503', nextAttemptAt: retryAt });
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, httpStatus: 503, error: 'HTTP 503', nextAttemptAt: retryAt.toISOString(), lastAttemptAt: expect.any(String) });
    const delivered = await deliveries.recordAttempt(due1.id, { status: 'delivered', httpStatus: 200, error: null, nextAttemptAt: retryAt });
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 2, httpStatus: 200, error: null, nextAttemptAt: null });

    await deliveries.release(due2.id);
    expect((await deliveries.due(new Date(Date.now() + 1000), 10)).map((d) => d.id)).toEqual([due2.id]);
    expect((await deliveries.due(new Date(now.getTime() + 61_000), 10)).map((d) => d.id)).toEqual([later.id]);
    expect(await deliveries.recordAttempt(randomUUID(), { status: 'failed', httpStatus: null, error: 'x', nextAttemptAt: null })).toBeNull();
  });

  it('hands each due delivery to exactly one of several concurrent claimers', async () => {
    const endpoint = await endpoints.create(input());
    const ids = [];
    for (let i = 0; i < 12; i++) ids.push((await newDelivery(endpoint.id, { nextAttemptAt: new Date(Date.now() - 1000) })).id);
    const claims = await Promise.all([1, 2, 3].map(() => deliveries.due(new Date(), 5)));
    const claimed = claims.flat().map((d) => d.id);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.length).toBeLessThanOrEqual(12);
    const rest = await deliveries.due(new Date(), 20);
    expect([...claimed, ...rest.map((d) => d.id)].sort()).toEqual(ids.sort());
  });

  it('holds deliveries of a disabled endpoint back until it is enabled again', async () => {
    const endpoint = await endpoints.create(input());
    const d = await newDelivery(endpoint.id, { nextAttemptAt: new Date(Date.now() - 1000) });
    await endpoints.update(endpoint.id, { enabled: false });
    expect(await deliveries.due(new Date(), 10)).toEqual([]);
    expect(await deliveries.nextAttemptAt()).toBeNull();
    await endpoints.update(endpoint.id, { enabled: true });
    expect((await deliveries.due(new Date(), 10)).map((x) => x.id)).toEqual([d.id]);
  });

  it('pages deliveries newest first, filtered by endpoint, alert and status; test messages report the nil UUID', async () => {
    const a = await endpoints.create(input({ name: 'a' }));
    const b = await endpoints.create(input({ name: 'b' }));
    const alertId = await storedAlert();
    const first = await newDelivery(a.id, { alertId });
    const second = await newDelivery(b.id, { alertId });
    const test = await newDelivery(a.id, { alertId: null, nextAttemptAt: null });
    await deliveries.recordAttempt(second.id, { status: 'failed', httpStatus: null, error: 'ECONNREFUSED', nextAttemptAt: null });

    expect(test.alertId).toBe(WEBHOOK_TEST_ALERT_ID);
    const page = await deliveries.query({ endpointId: a.id });
    expect(page.total).toBe(2);
    expect(page.items.map((d) => d.id)).toEqual([test.id, first.id]);
    expect((await deliveries.query({ alertId })).items.map((d) => d.id).sort()).toEqual([first.id, second.id].sort());
    expect((await deliveries.query({ alertId: WEBHOOK_TEST_ALERT_ID })).items.map((d) => d.id)).toEqual([test.id]);
    expect((await deliveries.query({ status: 'failed' })).items.map((d) => d.id)).toEqual([second.id]);
    expect(await deliveries.query({ endpointId: a.id, limit: 1, offset: 1 })).toEqual({ total: 2, items: [expect.objectContaining({ id: first.id })] });
    expect(await deliveries.query({ endpointId: 'nope' })).toEqual({ total: 0, items: [] });
  });
});
