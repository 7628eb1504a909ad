import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigModule } from '@tianyan/config';
import { alertRuleInputSchema, deploymentInputSchema, incidentInputSchema, type Alert, type AlertStep, type DeploymentInput, type DeviceReading, type IncidentInput } from '@tianyan/contracts';
import {
  AlertRepository, AlertRuleRepository, DeploymentRefusedError, DeploymentRepository, DuplicateNameError, IncidentRepository, IncidentStateRepository,
  ReadingQueryRepository, ReadingStore, StorageModule,
} from '@tianyan/storage';
import { embeddedTarget, postgresTarget } from '../testing/storage-test-targets';
import { everyStream } from '../testing/sample-readings';

const target = process.env.TEST_BACKEND === 'real' ? postgresTarget : embeddedTarget;
const SECOND = 1000;
const iso = (ms: number) => new Date(ms).toISOString();
const incidentOf = (input: Partial<IncidentInput> = {}) =>
  incidentInputSchema.parse({ code: `T-${randomUUID().slice(0, 8)}`, title: 'Benzene tank fire', level: 'II', startAt: iso(base - 60 * SECOND), ...input });
const deploymentOf = (input: DeploymentInput) => deploymentInputSchema.parse(input);
const byStream = (a: DeviceReading, b: DeviceReading) => a.stream.localeCompare(b.stream);
const base = Date.UTC(2026, 0, 5, 8, 0, 0);

describe(`incident storage on ${target.name}`, () => {
  let stop: () => Promise<void>;
  let moduleRef: TestingModule;
  let incidents: IncidentRepository;
  let deployments: DeploymentRepository;
  let state: IncidentStateRepository;

  beforeAll(async () => {
    const started = await target.start();
    stop = started.stop;
    moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(started.config), StorageModule.forRoot()] }).compile();
    await moduleRef.init();
    incidents = moduleRef.get(IncidentRepository);
    deployments = moduleRef.get(DeploymentRepository);
    state = moduleRef.get(IncidentStateRepository);
    // Three devices (s-drone, s-ms, s-obd), every stream at base, base + 10 s and base + 20 s.
    for (const [i, t] of [base, base + 10 * SECOND, base + 20 * SECOND].entries()) {
      const readings = everyStream('s', t, i + 1);
      const devices = [...new Map(readings.map((r) => [r.deviceId, { id: r.deviceId, kind: r.kind, autoProvisioned: true }])).values()];
      await moduleRef.get(ReadingStore).write({ readings, quarantine: [], devices });
    }
  });

  afterAll(async () => {
    await moduleRef?.close();
    await stop?.();
  });

  it('creates, lists (newest first, by drill and open), updates and closes incidents; a taken code is a typed error', async () => {
    const real = await incidents.create(incidentOf({ code: 'HB-0042', area: [[114.1, 30.5], [114.2, 30.5], [114.2, 30.6], [114.1, 30.5]], description: 'tank 3' }));
    const drill = await incidents.create(incidentOf({ code: 'DRILL-7', drill: true, startAt: iso(base), endAt: iso(base + 3_600_000) }));
    expect(real).toEqual({
      id: expect.any(String), code: 'HB-0042', title: 'Benzene tank fire', level: 'II', drill: false,
      area: [[114.1, 30.5], [114.2, 30.5], [114.2, 30.6], [114.1, 30.5]], startAt: iso(base - 60 * SECOND), endAt: null,
      description: 'tank 3', state: 'open', createdAt: expect.any(String), updatedAt: expect.any(String),
    });
    expect(drill).toMatchObject({ drill: true, state: 'closed', endAt: iso(base + 3_600_000), area: null, description: null });
    await expect(incidents.create(incidentOf({ code: 'HB-0042' }))).rejects.toThrow(DuplicateNameError);

    expect(await incidents.get(real.id)).toEqual(real);
    expect(await incidents.get('not-a-uuid')).toBeNull();
    expect(await incidents.get(randomUUID())).toBeNull();
    const listed = await incidents.list();
    expect(listed.indexOf(listed.find((i) => i.id === drill.id)!)).toBeLessThan(listed.indexOf(listed.find((i) => i.id === real.id)!));
    expect((await incidents.list({ drill: true })).map((i) => i.id)).toEqual([drill.id]);
    expect((await incidents.list({ open: false })).map((i) => i.id)).toEqual([drill.id]);
    expect((await incidents.list({ open: true, drill: false })).map((i) => i.id)).toContain(real.id);

    const updated = await incidents.update(real.id, incidentOf({ code: 'HB-0042', title: 'Benzene tank fire, tank 3', level: 'I' }));
    expect(updated).toMatchObject({ id: real.id, title: 'Benzene tank fire, tank 3', level: 'I', area: null });
    await expect(incidents.update(real.id, incidentOf({ code: 'DRILL-7' }))).rejects.toThrow(DuplicateNameError);
    expect(await incidents.update(randomUUID(), incidentOf())).toBeNull();
    const closed = await incidents.close(real.id, iso(base + 7_200_000));
    expect(closed).toMatchObject({ state: 'closed', endAt: iso(base + 7_200_000) });
    expect(Date.parse(closed!.updatedAt)).toBeGreaterThanOrEqual(Date.parse(real.updatedAt));
  });

  it('deploys only known devices, refuses overlapping windows of one device, and answers who is deployed at T', async () => {
    const incident = await incidents.create(incidentOf());
    const other = await incidents.create(incidentOf());
    const first = await deployments.add(incident.id, deploymentOf({ deviceId: 's-drone', from: iso(base), to: iso(base + 60 * SECOND), role: 'orbit' }));
    expect(first).toEqual({ id: expect.any(String), incidentId: incident.id, deviceId: 's-drone', deviceKind: 'drone', from: iso(base), to: iso(base + 60 * SECOND), role: 'orbit' });

    await expect(deployments.add(incident.id, deploymentOf({ deviceId: 'nobody-01', from: iso(base) }))).rejects.toMatchObject({ reason: 'unknown-device' });
    for (const [from, to] of [[base + 30 * SECOND, null], [base - 10 * SECOND, base + 1], [base + 10 * SECOND, base + 20 * SECOND]] as const) {
      const refused = deployments.add(incident.id, deploymentOf({ deviceId: 's-drone', from: iso(from), to: to === null ? null : iso(to) }));
      await expect(refused).rejects.toThrow(DeploymentRefusedError);
      await expect(refused).rejects.toMatchObject({ reason: 'overlap' });
    }
    // Back to back is not an overlap (windows are [from, to)), and another incident may use the device at the same time.
    const second = await deployments.add(incident.id, deploymentOf({ deviceId: 's-drone', from: iso(base + 60 * SECOND) }));
    expect(await deployments.add(other.id, deploymentOf({ deviceId: 's-drone', from: iso(base) }))).toMatchObject({ incidentId: other.id });
    const ms = await deployments.add(incident.id, deploymentOf({ deviceId: 's-ms', from: iso(base - 5 * SECOND) }));
    expect(await deployments.add(randomUUID(), deploymentOf({ deviceId: 's-ms', from: iso(base) }))).toBeNull();

    expect((await deployments.listByIncident(incident.id)).map((d) => d.id)).toEqual([ms!.id, first!.id, second!.id]);
    expect((await deployments.activeAt(incident.id, base + 60 * SECOND - 1)).map((d) => d.id)).toEqual([first!.id, ms!.id]);
    expect((await deployments.activeAt(incident.id, base + 60 * SECOND)).map((d) => d.id)).toEqual([second!.id, ms!.id]);
    expect(await deployments.activeAt(incident.id, base - 6 * SECOND)).toEqual([]);
    expect(await deployments.devicesOf(incident.id)).toEqual(['s-drone', 's-ms']);

    const ended = await deployments.end(incident.id, ms!.id, iso(base));
    expect(ended).toEqual({ ...ms, to: iso(base) });
    expect((await deployments.activeAt(incident.id, base)).map((d) => d.deviceId)).toEqual(['s-drone']);
    expect(await deployments.end(other.id, ms!.id, iso(base))).toBeNull();
  });

  it('seeks: the last reading of each stream of each device deployed at T, within its window, as stored', async () => {
    const incident = await incidents.create(incidentOf());
    const drone = await deployments.add(incident.id, deploymentOf({ deviceId: 's-drone', from: iso(base - 60 * SECOND) }));
    // s-ms only from base + 5 s to base + 15 s: its base reading is before its window; s-obd never.
    const ms = await deployments.add(incident.id, deploymentOf({ deviceId: 's-ms', from: iso(base + 5 * SECOND), to: iso(base + 15 * SECOND) }));
    const stored = (t: number, deviceId: string) => everyStream('s', t, [base, base + 10 * SECOND, base + 20 * SECOND].indexOf(t) + 1).filter((r) => r.deviceId === deviceId);
    const seek = async (t: number) => {
      const s = (await state.stateAt(incident.id, t))!;
      return s.devices.map((d) => ({ deviceId: d.deployment.deviceId, latest: [...d.latest].sort(byStream).map(({ receivedAt: _r, ...r }) => r) }));
    };
    const expected = (deviceId: string, t: number | null) => ({ deviceId, latest: t === null ? [] : stored(t, deviceId).sort(byStream).map(({ receivedAt: _r, ...r }) => r) });

    expect(await seek(base - 1)).toEqual([expected('s-drone', null)]);
    expect(await seek(base)).toEqual([expected('s-drone', base)]);
    expect(await seek(base + 10 * SECOND - 1)).toEqual([expected('s-drone', base), expected('s-ms', null)]);
    expect(await seek(base + 10 * SECOND)).toEqual([expected('s-drone', base + 10 * SECOND), expected('s-ms', base + 10 * SECOND)]);
    expect(await seek(base + 25 * SECOND)).toEqual([expected('s-drone', base + 20 * SECOND)]);

    // The same rows, rebuilt the same way as the live "latest" of a device (receive time included).
    const after = (await state.stateAt(incident.id, base + 25 * SECOND))!;
    expect(after.incident).toEqual(incident);
    expect(after.at).toBe(base + 25 * SECOND);
    expect(after.devices[0]!.deployment).toEqual(drone);
    expect([...after.devices[0]!.latest].sort(byStream)).toEqual((await moduleRef.get(ReadingQueryRepository).latest('s-drone')).sort(byStream));
    expect(ms).not.toBeNull();
    expect(await state.stateAt(randomUUID(), base)).toBeNull();
  });

  it('seeks alerts: those of deployed devices open at T, with the state and level of their last step at or before T', async () => {
    const rule = await moduleRef.get(AlertRuleRepository).create(
      alertRuleInputSchema.parse({ kind: 'low-battery', name: `battery ${randomUUID()}`, levels: { yellow: 30, orange: 20, red: 10 } }),
      false,
    );
    const alertsRepo = moduleRef.get(AlertRepository);
    const incident = await incidents.create(incidentOf());
    await deployments.add(incident.id, deploymentOf({ deviceId: 's-drone', from: iso(base - 60 * SECOND) }));
    const raisedAt = base + 100 * SECOND;
    const alert: Alert = {
      id: randomUUID(), ruleId: rule.id, ruleKind: rule.kind, ruleName: rule.name, deviceId: 's-drone', deviceKind: 'drone', subject: 'battery',
      level: 'yellow', peakLevel: 'yellow', state: 'raised', title: 'battery 28 %', active: true, drill: false, lat: null, lon: null,
      measure: { value: 28, limit: 30, unit: '%', basis: null, facts: {} }, peak: { value: 28, limit: 30, unit: '%', basis: null, facts: {} },
      firstReadingAt: raisedAt, lastReadingAt: raisedAt, raisedAt: iso(raisedAt), updatedAt: iso(raisedAt), occurrences: 1, unitId: null,
      dueAt: null, overdue: false, escalations: 0,
    };
    const step = (at: number, kind: AlertStep['kind'], fromState: Alert['state'] | null, toState: Alert['state'], level: Alert['level']): AlertStep => ({
      id: randomUUID(), alertId: alert.id, kind, fromState, toState, level, actor: null, at: iso(at), note: null, unitId: null, dueAt: null, attachments: [],
    });
    await alertsRepo.insert(alert, step(raisedAt, 'raised', null, 'raised', 'yellow'), []);
    await alertsRepo.update({ ...alert, level: 'orange', peakLevel: 'orange' }, [step(raisedAt + 10 * SECOND, 'escalated', 'raised', 'raised', 'orange')], []);
    await alertsRepo.update({ ...alert, level: 'orange', peakLevel: 'orange', state: 'acknowledged' }, [step(raisedAt + 20 * SECOND, 'acknowledge', 'raised', 'acknowledged', 'orange')], []);
    await alertsRepo.update({ ...alert, level: 'orange', peakLevel: 'orange', state: 'lifted' }, [step(raisedAt + 30 * SECOND, 'lift', 'acknowledged', 'lifted', 'orange')], []);

    const alertsAt = async (t: number) => (await state.stateAt(incident.id, t))!.alerts.map((a) => ({ id: a.id, state: a.state, level: a.level }));
    expect(await alertsAt(raisedAt - 1)).toEqual([]);
    expect(await alertsAt(raisedAt)).toEqual([{ id: alert.id, state: 'raised', level: 'yellow' }]);
    expect(await alertsAt(raisedAt + 15 * SECOND)).toEqual([{ id: alert.id, state: 'raised', level: 'orange' }]);
    expect(await alertsAt(raisedAt + 20 * SECOND)).toEqual([{ id: alert.id, state: 'acknowledged', level: 'orange' }]);
    expect(await alertsAt(raisedAt + 30 * SECOND)).toEqual([]);
    // Not deployed to this incident: its alerts are not part of its state.
    const empty = await incidents.create(incidentOf());
    await deployments.add(empty.id, deploymentOf({ deviceId: 's-ms', from: iso(base - 60 * SECOND) }));
    expect((await state.stateAt(empty.id, raisedAt + 15 * SECOND))!.alerts).toEqual([]);
  });
});
