import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ConfigModule, type TianyanConfig } from '@tianyan/config';
import {
  alertRuleInputSchema, defaultAlertRules, type Alert, type AlertReadingLink, type AlertRule, type AlertRuleDefinition, type AlertRuleInput, type AlertStep,
} from '@tianyan/contracts';
import {
  AlertAttachmentRepository, AlertHistoryRepository, AlertRepository, AlertRuleRepository, DuplicateNameError, OpenAlertExistsError,
  ResponsibleUnitRepository, StorageModule, type AlertWrite,
} from '@tianyan/storage';
import { STORAGE_MIGRATIONS } from '../migrations/storage-migrations';
import { AlertsAndClosedLoop1767398400000 } from '../migrations/1767398400000-alerts-and-closed-loop.migration';
import { embeddedTarget, postgresTarget } from '../testing/storage-test-targets';

const target = process.env.TEST_BACKEND === 'real' ? postgresTarget : embeddedTarget;
const HOUR = 3_600_000;
const rule = (input: AlertRuleInput): AlertRuleDefinition => alertRuleInputSchema.parse(input);
const iso = (ms: number) => new Date(ms).toISOString();
const SHA = 'a'.repeat(64);
const h2sRule = rule({ kind: 'exposure', name: 'H2S exposure', cas: '7783-06-4', levels: { blue: 0.51, yellow: 7.2, orange: 27, red: 50 } });

describe(`alert storage on ${target.name}`, () => {
  let stop: () => Promise<void>;
  let config: TianyanConfig;
  let moduleRef: TestingModule;
  let dataSource: DataSource;
  let rules: AlertRuleRepository;
  let alerts: AlertRepository;
  let history: AlertHistoryRepository;
  let attachments: AlertAttachmentRepository;
  let units: ResponsibleUnitRepository;
  /** A rule for the alerts of the tests below (alerts reference a rule). */
  let h2s: AlertRule;

  const base = Date.UTC(2026, 0, 3, 8, 0, 0);
  const makeAlert = (overrides: Partial<Alert> = {}): Alert => ({
    id: randomUUID(),
    ruleId: h2s.id,
    ruleKind: 'exposure',
    ruleName: h2s.name,
    deviceId: 'ms-01',
    deviceKind: 'ms',
    subject: '7783-06-4',
    level: 'yellow',
    peakLevel: 'yellow',
    state: 'raised',
    title: 'H2S 3.2 ppm at ms-01',
    measure: { value: 3.2, limit: 0.51, unit: 'ppm', basis: 'AEGL-1 (60 min) = 0.51 ppm', facts: { source: 'survey' } },
    peak: { value: 3.2, limit: 0.51, unit: 'ppm', basis: 'AEGL-1 (60 min) = 0.51 ppm', facts: { source: 'survey' } },
    active: true,
    drill: false,
    lat: 30.612345678,
    lon: 114.261234567,
    firstReadingAt: base,
    lastReadingAt: base,
    raisedAt: iso(base + 150),
    updatedAt: iso(base + 150),
    occurrences: 1,
    unitId: null,
    dueAt: iso(base + HOUR),
    overdue: false,
    escalations: 0,
    ...overrides,
  });
  const makeStep = (alert: Alert, overrides: Partial<AlertStep> = {}): AlertStep => ({
    id: randomUUID(),
    alertId: alert.id,
    kind: 'raised',
    fromState: null,
    toState: alert.state,
    level: alert.level,
    actor: null,
    at: alert.updatedAt,
    note: null,
    unitId: null,
    dueAt: alert.dueAt,
    attachments: [],
    ...overrides,
  });
  const link = (time: number, seq: number, value: number | null = 3.2, level: AlertReadingLink['level'] = 'yellow'): AlertReadingLink => ({
    deviceId: 'ms-01', stream: 'ms/survey', time, seq, value, level,
  });
  /** Raises an alert with its raised step; returns it. */
  const raise = async (overrides: Partial<Alert> = {}, readings: AlertReadingLink[] = []): Promise<Alert> => {
    const alert = makeAlert(overrides);
    await alerts.insert(alert, makeStep(alert), readings);
    return alert;
  };
  /** Every statement sent while `work` runs, with its approximate message size. */
  const statementsDuring = async (work: () => Promise<unknown>): Promise<number[]> => {
    const proto = Object.getPrototypeOf(dataSource.createQueryRunner()) as { query: (sql: string, params?: unknown[]) => Promise<unknown> };
    const spy = jest.spyOn(proto, 'query');
    try {
      await work();
      // Parameters as sent: strings as they are (batched columns arrive as array literals), the rest as JSON.
      const bytes = (p: unknown) => Buffer.byteLength(typeof p === 'string' ? p : (JSON.stringify(p) ?? ''));
      return spy.mock.calls.map(([sql, params]) => Buffer.byteLength(sql) + (params ?? []).reduce((n: number, p) => n + bytes(p), 0));
    } finally {
      spy.mockRestore();
    }
  };
  const withBudget = (bytes: number): TianyanConfig => ({ ...config, database: { ...config.database, maxStatementBytes: bytes } });

  beforeAll(async () => {
    const started = await target.start();
    stop = started.stop;
    config = started.config;
    moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), StorageModule.forRoot()] }).compile();
    await moduleRef.init();
    dataSource = moduleRef.get(DataSource);
    rules = moduleRef.get(AlertRuleRepository);
    alerts = moduleRef.get(AlertRepository);
    history = moduleRef.get(AlertHistoryRepository);
    attachments = moduleRef.get(AlertAttachmentRepository);
    units = moduleRef.get(ResponsibleUnitRepository);
    h2s = await rules.create(h2sRule, false);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await stop?.();
  });

  describe('responsible units', () => {
    it('round-trips units, lists them by tier then name, and refuses a duplicate name with a typed error', async () => {
      const city = await units.create({ name: '武汉市生态环境局', tier: 'city', contact: '027-12369' });
      const plant = await units.create({ name: 'Qingshan Chemical Park', tier: 'enterprise' });
      const county = await units.create({ name: '青山区生态环境分局', tier: 'county', contact: null });
      expect(city).toEqual({ id: expect.any(String), name: '武汉市生态环境局', tier: 'city', contact: '027-12369', createdAt: expect.any(String) });
      expect(plant.contact).toBeNull();
      expect(await units.get(city.id)).toEqual(city);
      expect(await units.get(randomUUID())).toBeNull();
      expect(await units.get('not-a-uuid')).toBeNull();
      expect((await units.list()).map((u) => u.id)).toEqual([plant.id, county.id, city.id]);

      const duplicate = units.create({ name: '武汉市生态环境局', tier: 'province' });
      await expect(duplicate).rejects.toBeInstanceOf(DuplicateNameError);
      await expect(duplicate).rejects.toThrow('responsible unit "武汉市生态环境局" already exists');
      await expect(units.create({ name: 'Nowhere', tier: 'galaxy' as 'city' })).rejects.toThrow(/responsible_units_tier_check/);
      expect(await units.list()).toHaveLength(3);
    });
  });

  describe('alert rules', () => {
    it('seeds the built-in rules once, in statements under the budget, even when two instances start together', async () => {
      const defaults = defaultAlertRules().map(rule);
      // The small-budget repository batches several rules per statement, and sends a rule too big for one alone in pieces.
      const ring = Array.from({ length: 1200 }, (_, i) => [114 + Math.cos(i) * 0.01, 30 + Math.sin(i) * 0.01] as [number, number]);
      ring.push(ring[0]!);
      const park = rule({ kind: 'geofence', name: 'Chemical park', geometry: { type: 'polygon', coordinates: ring }, trigger: 'enter', level: 'orange' });
      const small = new AlertRuleRepository(dataSource, withBudget(8 * 1024));
      let results: number[] = [];
      const sizes = await statementsDuring(async () => {
        results = await Promise.all([small.seedIfEmpty([...defaults, park]), small.seedIfEmpty([...defaults, park])]);
      });
      expect(results.sort((a, b) => a - b)).toEqual([0, defaults.length + 1]);
      expect(Math.max(...sizes)).toBeLessThan(8 * 1024);

      const builtIn = (await rules.list({ includeDisabled: true })).filter((r) => r.builtIn);
      expect(builtIn).toHaveLength(defaults.length + 1);
      expect(builtIn.find((r) => r.name === 'Chemical park')).toMatchObject({ ...park, builtIn: true });
      const hcn = builtIn.find((r) => r.kind === 'exposure' && r.cas === '74-90-8');
      expect(hcn).toEqual({ ...defaults.find((d) => d.kind === 'exposure' && d.cas === '74-90-8'), id: hcn!.id, builtIn: true, createdAt: hcn!.createdAt, updatedAt: hcn!.updatedAt });

      // Deleting built-ins does not bring them back.
      expect(await rules.softDelete(hcn!.id)).toBe(true);
      expect(await rules.seedIfEmpty(defaults)).toBe(0);
      expect((await rules.list({ includeDisabled: true })).filter((r) => r.builtIn)).toHaveLength(defaults.length);
    });

    it('creates, lists, replaces and soft-deletes rules', async () => {
      const input = rule({ kind: 'low-battery', name: 'Drone battery', scope: { kinds: ['drone'] }, levels: { yellow: 40, red: 15 } });
      const created = await rules.create(input, false);
      expect(created).toEqual({ ...input, id: expect.any(String), builtIn: false, createdAt: expect.any(String), updatedAt: created.createdAt });
      expect(await rules.get(created.id)).toEqual(created);
      expect(await rules.get('no')).toBeNull();

      const off = await rules.create(rule({ kind: 'offline', name: 'Spectrometer offline', enabled: false, scope: { kinds: ['ms'] } }), false);
      const enabledIds = (await rules.list()).map((r) => r.id);
      expect(enabledIds).toContain(created.id);
      expect(enabledIds).not.toContain(off.id);
      expect((await rules.list({ includeDisabled: true })).map((r) => r.id)).toContain(off.id);
      const builtInOffline = defaultAlertRules().filter((r) => r.kind === 'offline').map((r) => r.name);
      const names = async (kind: string, includeDisabled: boolean) => (await rules.list({ kind, includeDisabled })).map((r) => r.name).sort();
      expect(builtInOffline.length).toBeGreaterThan(0);
      expect(await names('offline', true)).toEqual([...builtInOffline, 'Spectrometer offline'].sort());
      expect(await names('offline', false)).toEqual([...builtInOffline].sort());
      expect((await rules.list({ kind: 'offline' })).every((r) => r.builtIn && r.kind === 'offline')).toBe(true);

      // Replacing keeps builtIn and createdAt and moves updatedAt (pushed back first: now() may fall in the same millisecond).
      const builtIn = (await rules.list({ kind: 'clock-skew' }))[0]!;
      await dataSource.query(`UPDATE alert_rules SET created_at = created_at - interval '1 hour', updated_at = updated_at - interval '1 hour' WHERE id = $1`, [builtIn.id]);
      const before = (await rules.get(builtIn.id))!;
      const next = rule({ kind: 'clock-skew', name: 'Clock skew (strict)', maxSkewS: 30, enabled: false });
      const replaced = await rules.replace(builtIn.id, next);
      expect(replaced).toEqual({ ...next, id: builtIn.id, builtIn: true, createdAt: before.createdAt, updatedAt: expect.any(String) });
      expect(Date.parse(replaced!.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
      expect(await rules.list({ kind: 'clock-skew' })).toEqual([]);
      expect(await rules.replace(randomUUID(), next)).toBeNull();

      expect(await rules.softDelete(created.id)).toBe(true);
      expect(await rules.softDelete(created.id)).toBe(false);
      expect(await rules.get(created.id)).toBeNull();
      expect(await rules.get(created.id, { includeDeleted: true })).toEqual(created);
      expect((await rules.list({ includeDisabled: true })).map((r) => r.id)).not.toContain(created.id);
      expect(await rules.replace(created.id, input)).toBeNull();
    });

    it('refuses a definition the contract does not accept', async () => {
      const bad = { kind: 'exposure', name: 'bad', cas: '7783-06-5', levels: { red: 1 } } as unknown as AlertRuleDefinition;
      await expect(rules.create(bad, false)).rejects.toThrow(/invalid alert rule "bad": cas: /);
    });

    it('stores a definition larger than one statement in pieces, under the budget, and reads it back exactly', async () => {
      const ring = Array.from({ length: 4999 }, (_, i) => [114.123456789 + Math.cos(i / 800) * 0.05, 30.987654321 + Math.sin(i / 800) * 0.05] as [number, number]);
      ring.push(ring[0]!);
      const deviceIds = Array.from({ length: 1000 }, (_, i) => `drone-${String(i).padStart(4, '0')}-wuhan-qingshan`);
      const fence = rule({ kind: 'geofence', name: '青山化工园区', scope: { deviceIds }, geometry: { type: 'polygon', coordinates: ring }, trigger: 'dwell', dwellS: 300, level: 'red' });
      const budget = 16 * 1024;
      const small = new AlertRuleRepository(dataSource, withBudget(budget));
      let created: AlertRule | undefined;
      const sizes = await statementsDuring(async () => {
        created = await small.create(fence, false);
      });
      expect(JSON.stringify(fence).length).toBeGreaterThan(10 * budget);
      expect(sizes.length).toBeGreaterThan(10);
      expect(Math.max(...sizes)).toBeLessThan(budget);
      expect(await rules.get(created!.id)).toEqual({ ...fence, id: created!.id, builtIn: false, createdAt: created!.createdAt, updatedAt: created!.updatedAt });

      const moved = { ...fence, geometry: { type: 'polygon' as const, coordinates: [...ring.slice(0, -1).reverse(), ring[ring.length - 2]!] } };
      await small.replace(created!.id, moved);
      expect(await rules.get(created!.id)).toMatchObject({ geometry: moved.geometry });
    });
  });

  describe('alerts', () => {
    it('round-trips an alert, its steps and readings, and applies updates atomically', async () => {
      const first = link(base, 7, 3.2, 'yellow');
      const alert = makeAlert({ subject: 'rt-7783-06-4' });
      const raisedStep = makeStep(alert);
      await alerts.insert(alert, raisedStep, [first]);
      expect(await alerts.get(alert.id)).toEqual(alert);
      expect(await history.steps(alert.id)).toEqual([raisedStep]);
      expect(await history.readings(alert.id)).toEqual([first]);

      const unit = await units.create({ name: 'rt unit', tier: 'enterprise' });
      const peak = link(base + 4000, 11, 31.5, 'orange');
      const later: Alert = {
        ...alert, level: 'orange', peakLevel: 'orange', state: 'dispatched', title: 'H2S 31.5 ppm at ms-01', active: false,
        measure: { ...alert.measure, value: 31.5, limit: 27, facts: { source: 'identification', matchFactor: 912 } },
        peak: { ...alert.peak, value: 31.5, limit: 27 }, lat: 30.7, lon: null, lastReadingAt: base + 4000, updatedAt: iso(base + 60_000),
        occurrences: 4, unitId: unit.id, dueAt: iso(base + 26 * HOUR), overdue: true, escalations: 2,
      };
      const escalated = makeStep(later, { kind: 'escalated', fromState: 'raised', toState: 'raised', level: 'orange', at: later.updatedAt, dueAt: null });
      const dispatched = makeStep(later, {
        kind: 'dispatch', fromState: 'acknowledged', toState: 'dispatched', actor: { id: '17', username: 'li.na', role: 'commander' },
        at: later.updatedAt, note: '责令限期整改', unitId: unit.id,
      });
      // The raising reading again (a redelivery): stored once.
      await alerts.update(later, [escalated, dispatched], [peak, first]);
      expect(await alerts.get(alert.id)).toEqual(later);
      expect(await history.steps(alert.id)).toEqual([raisedStep, escalated, dispatched]);
      expect(await history.readings(alert.id)).toEqual([first, peak]);
      expect(await history.readings(alert.id, 1)).toEqual([first]);
      expect(await history.stepActors(alert.id)).toEqual([
        { kind: 'raised', actorId: null }, { kind: 'escalated', actorId: null }, { kind: 'dispatch', actorId: '17' },
      ]);

      // A step the database refuses (half an actor) undoes the whole update.
      const broken = makeStep(later, { kind: 'comment', note: 'x', actor: { id: '18', username: null as unknown as string, role: 'operator' } });
      await expect(alerts.update({ ...later, title: 'changed', occurrences: 9 }, [broken], [link(base + 9000, 12)])).rejects.toThrow(/alert_steps_check/);
      expect(await alerts.get(alert.id)).toEqual(later);
      expect(await history.steps(alert.id)).toHaveLength(3);
      expect(await history.readings(alert.id)).toHaveLength(2);

      const stranger = makeStep(makeAlert(), { kind: 'comment' });
      await expect(alerts.update(later, [stranger], [])).rejects.toThrow(`step ${stranger.id} belongs to alert ${stranger.alertId}, not ${alert.id}`);
      await expect(alerts.update(makeAlert(), [], [])).rejects.toThrow(/does not exist/);
      expect(await alerts.get(randomUUID())).toBeNull();
      expect(await alerts.get('17')).toBeNull();
    });

    it('refuses a second open alert for the same rule × device × subject until the first is closed or lifted', async () => {
      const first = await raise({ subject: 'dup-cas' });
      const second = makeAlert({ subject: 'dup-cas' });
      await expect(alerts.insert(second, makeStep(second), [link(base, 1)])).rejects.toBeInstanceOf(OpenAlertExistsError);
      expect(await alerts.get(second.id)).toBeNull();
      expect(await history.readings(second.id)).toEqual([]);
      // Another subject, another device, or no device at all are other conditions.
      await raise({ subject: 'dup-cas-2' });
      await raise({ subject: 'dup-cas', deviceId: 'ms-02' });
      await raise({ subject: 'dup-cas', deviceId: null, deviceKind: null });
      await expect(raise({ subject: 'dup-cas', deviceId: null, deviceKind: null })).rejects.toThrow(/an open alert for .* already exists/);

      const closed = { ...first, state: 'closed' as const, active: false, dueAt: null, updatedAt: iso(base + HOUR) };
      await alerts.update(closed, [makeStep(closed, { kind: 'close', fromState: 'province_tracking', actor: { id: '1', username: 'admin', role: 'admin' }, note: '销号' })], []);
      const again = await raise({ subject: 'dup-cas' });
      expect((await alerts.get(again.id))?.state).toBe('raised');
      const lifted = { ...again, state: 'lifted' as const };
      await alerts.update(lifted, [], []);
      await raise({ subject: 'dup-cas' });
      // Reopening a closed alert while another is open is refused by the same index.
      await expect(alerts.update({ ...closed, state: 'raised' }, [], [])).rejects.toThrow(/alerts_open_key/);
    });

    it('keeps steps append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
      const alert = await raise({ subject: 'append-only' });
      await expect(dataSource.query(`UPDATE alert_steps SET note = 'rewritten' WHERE alert_id = $1`, [alert.id])).rejects.toThrow(
        'alert_steps is append-only: UPDATE refused',
      );
      await expect(dataSource.query('DELETE FROM alert_steps WHERE alert_id = $1', [alert.id])).rejects.toThrow('alert_steps is append-only: DELETE refused');
      await expect(dataSource.query('TRUNCATE alert_steps CASCADE')).rejects.toThrow('alert_steps is append-only: TRUNCATE refused');
      expect(await history.steps(alert.id)).toHaveLength(1);
    });

    it('filters and pages the list, newest first with ties in a stable order', async () => {
      const t0 = Date.UTC(2030, 5, 1);
      const window = { from: iso(t0), to: iso(t0 + 10 * HOUR) };
      const offline = await rules.create(rule({ kind: 'offline', name: 'q offline' }), false);
      const specs: Array<Partial<Alert>> = [
        { deviceId: 'q-1', level: 'blue', state: 'raised' },
        { deviceId: 'q-1', level: 'red', state: 'acknowledged', drill: true },
        { deviceId: 'q-2', level: 'red', state: 'closed' },
        { deviceId: 'q-2', level: 'orange', state: 'lifted', ruleId: offline.id, ruleKind: 'offline', subject: 'offline' },
        { deviceId: 'q-3', level: 'yellow', state: 'rectifying', ruleId: offline.id, ruleKind: 'offline', subject: 'offline' },
        { deviceId: 'q-3', level: 'red', state: 'raised' },
      ];
      const made: Alert[] = [];
      for (const [i, spec] of specs.entries()) made.push(await raise({ subject: `q-${i}`, raisedAt: iso(t0 + (i < 4 ? i : 4) * HOUR), ...spec }));
      // Outside the window: never listed below.
      await raise({ subject: 'q-early', deviceId: 'q-1', raisedAt: iso(t0 - 1) });
      await raise({ subject: 'q-late', deviceId: 'q-1', raisedAt: iso(t0 + 10 * HOUR) });

      const newestFirst = [...made].sort((a, b) => (a.raisedAt === b.raisedAt ? (a.id < b.id ? 1 : -1) : a.raisedAt < b.raisedAt ? 1 : -1));
      const ids = async (q: Partial<Parameters<AlertRepository['query']>[0]>) => {
        const page = await alerts.query({ limit: 100, offset: 0, ...window, ...q });
        return { total: page.total, ids: page.items.map((a) => a.id) };
      };
      const expectIds = (pick: (a: Alert) => boolean) => {
        const chosen = newestFirst.filter(pick).map((a) => a.id);
        return { total: chosen.length, ids: chosen };
      };
      expect(await ids({})).toEqual(expectIds(() => true));
      expect(await ids({ state: ['raised', 'lifted'] })).toEqual(expectIds((a) => a.state === 'raised' || a.state === 'lifted'));
      expect(await ids({ level: ['red'] })).toEqual(expectIds((a) => a.level === 'red'));
      expect(await ids({ ruleKind: ['offline'] })).toEqual(expectIds((a) => a.ruleKind === 'offline'));
      expect(await ids({ deviceId: 'q-2' })).toEqual(expectIds((a) => a.deviceId === 'q-2'));
      expect(await ids({ open: true })).toEqual(expectIds((a) => a.state !== 'closed' && a.state !== 'lifted'));
      expect(await ids({ open: false })).toEqual(expectIds((a) => a.state === 'closed' || a.state === 'lifted'));
      expect(await ids({ drill: true })).toEqual(expectIds((a) => a.drill));
      expect(await ids({ level: ['red'], open: true, drill: false })).toEqual(expectIds((a) => a.level === 'red' && a.state === 'raised'));
      expect(await ids({ from: iso(t0 + HOUR), to: iso(t0 + 3 * HOUR) })).toEqual(expectIds((a) => a.raisedAt >= iso(t0 + HOUR) && a.raisedAt < iso(t0 + 3 * HOUR)));
      expect(await ids({ deviceId: 'nobody' })).toEqual({ total: 0, ids: [] });

      // Pages of two: no overlap, nothing missed, the same total on every page (the last two share raised_at).
      const pages = [];
      for (let offset = 0; offset < 8; offset += 2) pages.push(await alerts.query({ ...window, limit: 2, offset }));
      expect(pages.map((p) => p.total)).toEqual([6, 6, 6, 6]);
      expect(pages.flatMap((p) => p.items.map((a) => a.id))).toEqual(newestFirst.map((a) => a.id));
      expect(pages[0]!.items[0]).toEqual(newestFirst[0]);

      await expect(alerts.query({ limit: 10, offset: 0, from: 'yesterday' })).rejects.toThrow('from: "yesterday" is not a time (ISO 8601 expected)');
    });

    it('lists open alerts and the open ones newly overdue', async () => {
      const now = Date.UTC(2026, 0, 5);
      const due = await raise({ subject: 'od-due', dueAt: iso(now - 2 * HOUR) });
      const dueLater = await raise({ subject: 'od-due-2', dueAt: iso(now - HOUR) });
      const future = await raise({ subject: 'od-future', dueAt: iso(now + HOUR) });
      const none = await raise({ subject: 'od-none', dueAt: null });
      const marked = await raise({ subject: 'od-marked', dueAt: iso(now - HOUR), overdue: true });
      const closed = await raise({ subject: 'od-closed', dueAt: iso(now - HOUR) });
      await alerts.update({ ...closed, state: 'closed' }, [], []);
      const mine = new Set([due, dueLater, future, none, marked, closed].map((a) => a.id));

      const overdue = (await alerts.listOverdueCandidates(new Date(now))).filter((a) => mine.has(a.id));
      expect(overdue).toEqual([due, dueLater]);
      const open = (await alerts.listOpen()).filter((a) => mine.has(a.id)).map((a) => a.id);
      expect(open.sort()).toEqual([due, dueLater, future, none, marked].map((a) => a.id).sort());
      expect((await alerts.listOpen()).every((a) => a.state !== 'closed' && a.state !== 'lifted')).toBe(true);
    });

    it('imports a recorded alert as history: beside an open live one of the same condition, once, under an unknown rule', async () => {
      const live = await raise({ subject: 'imp-cas' });
      // The same condition, open, recorded elsewhere: the step ids and device times as recorded there.
      const recorded = makeAlert({ subject: 'imp-cas', unitId: randomUUID() });
      const steps = [
        makeStep(recorded, { at: iso(base + HOUR), deviceAt: iso(base) }),
        makeStep(recorded, { kind: 'acknowledge', fromState: 'raised', at: iso(base + HOUR), actor: { id: '7', username: 'ops', role: 'operator' }, unitId: randomUUID() }),
      ];
      expect(await alerts.importRecorded(recorded, steps, [link(base, 1)])).toBe(true);
      const stored = await alerts.get(recorded.id);
      expect(stored).toEqual({ ...recorded, unitId: null, importedAt: expect.any(String) });
      // Kept in the order given although they share a time; units unknown here left out.
      expect(await history.steps(recorded.id)).toEqual(steps.map((st) => ({ ...st, unitId: null })));
      expect(await history.readings(recorded.id)).toEqual([link(base, 1)]);
      expect(await alerts.importRecorded({ ...recorded, title: 'again' }, steps, [])).toBe(false);
      expect((await alerts.get(recorded.id))?.title).toBe(recorded.title);

      // History only: the tracker and the overdue sweep never see it.
      const open = (await alerts.listOpen()).map((a) => a.id);
      expect(open).toContain(live.id);
      expect(open).not.toContain(recorded.id);
      expect((await alerts.listOverdueCandidates(new Date(base + 2 * HOUR))).map((a) => a.id)).not.toContain(recorded.id);

      // A rule this database never had: accepted for an imported alert, refused for a live one.
      const foreign = makeAlert({ ruleId: randomUUID(), subject: 'imp-foreign' });
      expect(await alerts.importRecorded(foreign, [makeStep(foreign)], [])).toBe(true);
      const orphan = makeAlert({ ruleId: randomUUID(), subject: 'imp-orphan' });
      await expect(alerts.insert(orphan, makeStep(orphan), [])).rejects.toThrow(/rule .* does not exist/);
      // A step id taken by another alert: a reason naming the alert, nothing written.
      const clash = makeAlert({ subject: 'imp-clash' });
      await expect(alerts.importRecorded(clash, [{ ...steps[0]!, alertId: clash.id }], [])).rejects.toThrow(new RegExp(`alert ${clash.id}: .*23505`));
      expect(await alerts.get(clash.id)).toBeNull();
    });

    describe('writeMany', () => {
      const actor = { id: '17', username: 'li.na', role: 'operator' as const };
      /** One busy moment's writes: open alerts updated (the first closed), and new ones, the first re-raising that closed condition. */
      const busyMoment = async (tag: string): Promise<AlertWrite[]> => {
        const writes: AlertWrite[] = [];
        for (let i = 0; i < 4; i++) {
          const a = await raise({ subject: `${tag}-${i}` }, [link(base, i)]);
          if (i === 0) {
            const closed: Alert = { ...a, state: 'closed', active: false, dueAt: null, updatedAt: iso(base + HOUR) };
            writes.push({ alert: closed, insert: false, steps: [makeStep(closed, { kind: 'close', fromState: 'raised', actor, note: '销号' })], readings: [] });
            continue;
          }
          const next: Alert = {
            ...a, level: 'orange', peakLevel: 'orange', title: `${tag} ${i}`, occurrences: 2 + i, lastReadingAt: base + 1000 * i, updatedAt: iso(base + 2000 * i),
            measure: { ...a.measure, value: 30 + i, facts: { i, quote: 'a "quoted" \\ value' } }, unitId: null, escalations: i,
          };
          const steps = [
            makeStep(next, { kind: 'escalated', fromState: 'raised', toState: 'raised', level: 'orange', dueAt: null }),
            makeStep(next, { kind: 'comment', note: `note ${i}`, actor }),
          ];
          // The raising reading again: linked once.
          writes.push({ alert: next, insert: false, steps, readings: [link(base + 1000 * i, 100 + i, 30 + i, 'orange'), link(base, i)] });
        }
        for (let i = 0; i < 8; i++) {
          const alert = makeAlert({ subject: `${tag}-${i === 0 ? 0 : `new-${i}`}`, raisedAt: iso(base + HOUR + i), updatedAt: iso(base + HOUR + i), lat: i % 2 ? null : 30 + i / 7 });
          const steps = [makeStep(alert), ...(i % 2 ? [makeStep(alert, { kind: 'comment', note: `n${i}`, actor })] : [])];
          writes.push({ alert, insert: true, steps, readings: [link(base + HOUR + i, 200 + i, i, 'blue')] });
        }
        return writes;
      };
      const oneByOne = async (writes: AlertWrite[]) => {
        for (const w of writes) {
          if (!w.insert) await alerts.update(w.alert, w.steps, w.readings);
          else {
            await alerts.insert(w.alert, w.steps[0]!, w.readings);
            if (w.steps.length > 1) await alerts.update(w.alert, w.steps.slice(1), []);
          }
        }
      };
      /** What the database holds of the written alerts, with ids and the tag replaced by their place. */
      const stored = async (writes: AlertWrite[], tag: string) => {
        const rows = [];
        for (const { alert } of writes) rows.push({ alert: await alerts.get(alert.id), steps: await history.steps(alert.id), readings: await history.readings(alert.id) });
        let text = JSON.stringify(rows).replaceAll(tag, 'TAG');
        writes.forEach((w, i) => (text = text.replaceAll(w.alert.id, `alert-${i}`)));
        rows.forEach((row, i) => row.steps.forEach((st, j) => (text = text.replaceAll(st.id, `step-${i}-${j}`))));
        return { rows, normalized: JSON.parse(text) as unknown };
      };

      it('stores inserts, updates, steps and readings of many alerts in one transaction, as the single writes do', async () => {
        const single = await busyMoment('wm-single');
        await oneByOne(single);
        const batch = await busyMoment('wm-batch');
        const statements = await statementsDuring(() => alerts.writeMany(batch));
        // START, one UPDATE, one INSERT, the steps, the readings, COMMIT: six round trips for twelve alerts.
        expect(statements).toHaveLength(6);
        const chunked = await busyMoment('wm-chunked');
        const small = new AlertRepository(dataSource, withBudget(6 * 1024));
        const sizes = await statementsDuring(() => small.writeMany(chunked));
        expect(sizes.length).toBeGreaterThan(6);
        expect(Math.max(...sizes)).toBeLessThan(6 * 1024);

        const expected = await stored(single, 'wm-single');
        for (const [writes, tag] of [[batch, 'wm-batch'], [chunked, 'wm-chunked']] as const) {
          const got = await stored(writes, tag);
          expect(got.normalized).toEqual(expected.normalized);
          got.rows.forEach((row, i) => {
            const w = writes[i]!;
            expect(row.alert).toEqual(w.alert);
            // After the raised step of the alerts raised beforehand, in the order given.
            expect(row.steps.slice(w.insert ? 0 : 1)).toEqual(w.steps);
          });
        }
        expect(expected.rows[1]!.readings).toEqual([link(base, 1), link(base + 1000, 101, 31, 'orange')]);
        expect(expected.rows[4]!.alert?.state).toBe('raised');
        expect(expected.rows[0]!.alert?.state).toBe('closed');
      });

      it('writes nothing of a batch that updates a missing alert or raises an open condition again, naming it', async () => {
        const open = await raise({ subject: 'wm-fail-open' });
        const changed = { ...open, title: 'changed', occurrences: 5 };
        const fresh = makeAlert({ subject: 'wm-fail-new' });
        const missing = makeAlert({ subject: 'wm-fail-missing' });
        const good: AlertWrite[] = [
          { alert: changed, insert: false, steps: [makeStep(changed, { kind: 'comment', note: 'x', actor })], readings: [link(base + 5, 5)] },
          { alert: fresh, insert: true, steps: [makeStep(fresh)], readings: [link(base + 6, 6)] },
        ];
        await expect(alerts.writeMany([...good, { alert: missing, insert: false, steps: [], readings: [] }])).rejects.toThrow(`alert ${missing.id} does not exist`);
        const again = makeAlert({ subject: 'wm-fail-open' });
        const clash = alerts.writeMany([...good, { alert: again, insert: true, steps: [makeStep(again)], readings: [] }]);
        await expect(clash).rejects.toBeInstanceOf(OpenAlertExistsError);
        await expect(clash).rejects.toThrow(`an open alert for rule ${h2s.id} × device ms-01 × subject wm-fail-open already exists`);
        await expect(alerts.writeMany([good[1]!, { ...good[1]!, steps: [] }])).rejects.toThrow(`alert ${fresh.id} is written twice in one batch`);

        expect(await alerts.get(open.id)).toEqual(open);
        expect(await history.steps(open.id)).toHaveLength(1);
        expect(await history.readings(open.id)).toEqual([]);
        for (const id of [fresh.id, missing.id, again.id]) {
          expect(await alerts.get(id)).toBeNull();
          expect(await history.steps(id)).toEqual([]);
          expect(await history.readings(id)).toEqual([]);
        }
        await alerts.writeMany(good);
        expect(await alerts.get(open.id)).toEqual(changed);
        expect(await alerts.get(fresh.id)).toEqual(fresh);
      });
    });

    it('refuses an alert row too large for one statement with a reason, instead of sending it', async () => {
      const small = new AlertRepository(dataSource, withBudget(8 * 1024));
      const alert = makeAlert({ subject: 'huge', measure: { ...makeAlert().measure, facts: { dump: 'x'.repeat(10_000) } } });
      await expect(small.insert(alert, makeStep(alert), [])).rejects.toThrow(/over the 8192-byte budget: shrink measure.facts/);
      expect(await alerts.get(alert.id)).toBeNull();
    });
  });

  describe('attachments', () => {
    it('stores metadata, finds files only within their alert, and attaches them once to a step of the same alert', async () => {
      const alert = await raise({ subject: 'files' });
      const other = await raise({ subject: 'files-other' });
      const photoId = randomUUID();
      const photo = await attachments.insert({
        id: photoId, alertId: alert.id, fileName: '整改照片.jpg', contentType: 'image/jpeg', bytes: 123_456, sha256: SHA,
        storageKey: `${alert.id}/${photoId}`, uploadedBy: '17', uploadedByName: 'li.na',
      });
      expect(photo).toEqual({
        id: photoId, alertId: alert.id, stepId: null, fileName: '整改照片.jpg', contentType: 'image/jpeg', bytes: 123_456, sha256: SHA,
        uploadedBy: '17', uploadedByName: 'li.na', uploadedAt: expect.any(String),
      });
      const report = await attachments.insert({
        alertId: alert.id, fileName: 'report.pdf', contentType: 'application/pdf', bytes: 2048, sha256: 'b'.repeat(64),
        storageKey: `${alert.id}/report`, uploadedBy: '17', uploadedByName: 'li.na',
      });
      const foreign = await attachments.insert({
        alertId: other.id, fileName: 'x.png', contentType: 'image/png', bytes: 1, sha256: 'c'.repeat(64),
        storageKey: `${other.id}/x`, uploadedBy: '18', uploadedByName: 'wang.wu',
      });
      expect(await attachments.get(alert.id, photoId)).toEqual({ ...photo, storageKey: `${alert.id}/${photoId}` });
      expect(await attachments.get(other.id, photoId)).toBeNull();
      expect(await attachments.get(alert.id, 'nope')).toBeNull();
      await expect(
        attachments.insert({ alertId: alert.id, fileName: 'y', contentType: 'text/plain', bytes: 1, sha256: 'XYZ', storageKey: 'k', uploadedBy: '1', uploadedByName: 'a' }),
      ).rejects.toThrow(/alert_attachments_sha256_check/);

      const submitted = { ...alert, state: 'submitted' as const };
      const submit = makeStep(submitted, { kind: 'submit', fromState: 'rectifying', actor: { id: '17', username: 'li.na', role: 'operator' }, note: '已整改' });
      await alerts.update(submitted, [submit], []);
      const otherStep = (await history.steps(other.id))[0]!;
      expect(await attachments.attachToStep(alert.id, [photoId, foreign.id, randomUUID(), 'not-a-uuid'], otherStep.id)).toBe(0);
      expect(await attachments.attachToStep(alert.id, [photoId, report.id, foreign.id, randomUUID(), 'not-a-uuid'], submit.id)).toBe(2);
      expect(await attachments.attachToStep(alert.id, [photoId], submit.id)).toBe(0);

      const steps = await history.steps(alert.id);
      expect(steps.map((s) => s.kind)).toEqual(['raised', 'submit']);
      expect(steps[0]!.attachments).toEqual([]);
      const publicShape = ({ stepId: _s, uploadedByName: _n, ...rest }: typeof photo) => rest;
      expect(steps[1]!.attachments.map((a) => a.id).sort()).toEqual([photoId, report.id].sort());
      expect(steps[1]!.attachments.find((a) => a.id === photoId)).toStrictEqual(publicShape(photo));
      expect((await attachments.listByAlert(alert.id)).map((a) => [a.id, a.stepId]).sort()).toEqual([[photoId, submit.id], [report.id, submit.id]].sort());
      expect(await attachments.listByAlert(other.id)).toEqual([foreign]);
    });
  });

  it('migrates down and up again, leaving the earlier schema alone', async () => {
    const tables = async () =>
      (await dataSource.query(
        `SELECT to_regclass('alerts') AS alerts, to_regclass('alert_steps') AS steps, to_regclass('alert_readings') AS readings,
           to_regclass('alert_attachments') AS files, to_regclass('alert_rules') AS rules, to_regclass('responsible_units') AS units,
           to_regclass('audit_log') AS audit, to_regprocedure('refuse_append_only_change()') AS fn`,
      )) as [Record<string, string | null>];
    const later = STORAGE_MIGRATIONS.length - STORAGE_MIGRATIONS.indexOf(AlertsAndClosedLoop1767398400000);
    for (let i = 0; i < later; i++) await dataSource.undoLastMigration();
    expect((await tables())[0]).toEqual({ alerts: null, steps: null, readings: null, files: null, rules: null, units: null, audit: 'audit_log', fn: null });
    await dataSource.runMigrations();
    expect(Object.values((await tables())[0]).every((v) => v !== null)).toBe(true);
    const again = await rules.create(h2sRule, false);
    expect(await rules.list({ kind: 'exposure' })).toEqual([again]);
  });
});
