import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigModule } from '@tianyan/config';
import { deploymentInputSchema, enforcementFilterSchema, incidentInputSchema, type DeviceReading } from '@tianyan/contracts';
import { makeObdInspection, makeVin } from '@tianyan/testing';
import { DeploymentRepository, EnforcementStatsRepository, IncidentRepository, InspectionScanRepository, ReadingStore, StorageModule } from '@tianyan/storage';
import { parsedReading } from '../testing/sample-readings';
import { embeddedTarget, postgresTarget } from '../testing/storage-test-targets';

const target = process.env.TEST_BACKEND === 'real' ? postgresTarget : embeddedTarget;
const MINUTE = 60_000;
/** 2026-01-05 08:00 UTC = 16:00 in China. */
const base = Date.UTC(2026, 0, 5, 8, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const V1 = makeVin('LZZ5ELND8JA000001');
const V2 = makeVin('LZZ5ELND8JA000002');
const V3 = makeVin('LZZ5ELND8JA000003');
const V4 = makeVin('LZZ5ELND8JA000004');
const filter = (q: Record<string, string> = {}) => enforcementFilterSchema.parse(q);

let seq = 0;
function inspection(station: string, t: number, vin: string, overrides: Record<string, unknown> = {}): DeviceReading {
  return parsedReading('obd', station, 'inspection', makeObdInspection({ ts: t, seq: ++seq, vin, plate: `鄂A·${vin.slice(-5)}`, ...overrides }));
}

describe(`enforcement statistics on ${target.name}`, () => {
  let stop: () => Promise<void>;
  let moduleRef: TestingModule;
  let stats: EnforcementStatsRepository;
  let scan: InspectionScanRepository;
  let incidentId: string;

  beforeAll(async () => {
    const started = await target.start();
    stop = started.stop;
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(started.config), StorageModule.forRoot()],
      providers: [InspectionScanRepository, EnforcementStatsRepository],
    }).compile();
    await moduleRef.init();
    stats = moduleRef.get(EnforcementStatsRepository);
    scan = moduleRef.get(InspectionScanRepository);
    const readings = [
      inspection('st-a', base, V1, { opacity: { kM1: [1.5, 1.6, 1.4] } }),
      inspection('st-a', base + MINUTE, V2),
      inspection('st-a', base + 2 * MINUTE, V3, { noxPpm: 1700, drill: true }),
      // 16:30 UTC is 00:30 the next day in China, and after st-a's deployment window.
      inspection('st-a', base + 8.5 * 60 * MINUTE, V4),
      inspection('st-b', base + 60 * MINUTE, V1, { opacity: { kM1: [1.5, 1.6, 1.4] }, ureaPct: 20 }),
    ];
    await moduleRef.get(ReadingStore).write({ readings, quarantine: [], devices: [{ id: 'st-a', kind: 'obd', autoProvisioned: true }, { id: 'st-b', kind: 'obd', autoProvisioned: true }] });
    const incident = await moduleRef.get(IncidentRepository).create(incidentInputSchema.parse({ code: 'ENF-S1', title: 'Roadside check', level: 'IV', startAt: iso(base - MINUTE) }));
    incidentId = incident.id;
    await moduleRef.get(DeploymentRepository).add(incidentId, deploymentInputSchema.parse({ deviceId: 'st-a', from: iso(base - MINUTE), to: iso(base + 30 * MINUTE) }));
  });

  afterAll(async () => {
    await moduleRef?.close();
    await stop?.();
  });

  it('counts vehicles, re-tests and failures by kind; drill readings only when asked', async () => {
    const all = await stats.summary(filter(), 'station');
    expect(all.totals).toMatchObject({ inspections: 4, inspectedVehicles: 3, repeatInspections: 1, failedInspections: 2, failedVehicles: 1 });
    expect(all.totals.failuresByKind).toEqual([{ kind: 'opacity', inspections: 2, vehicles: 1 }, { kind: 'urea', inspections: 1, vehicles: 1 }]);
    expect(all.groups.map((g) => [g.key, g.inspections, g.failedVehicles])).toEqual([['st-a', 3, 1], ['st-b', 1, 1]]);
    const withDrill = await stats.summary(filter({ includeDrill: 'true' }), undefined);
    expect(withDrill.totals).toMatchObject({ inspections: 5, failedVehicles: 2, problemVehicleRate: 0.5 });
  });

  it('groups days in UTC+8 and incidents by deployment window', async () => {
    expect((await stats.summary(filter(), 'day')).groups.map((g) => [g.key, g.inspections])).toEqual([['2026-01-05', 3], ['2026-01-06', 1]]);
    const byIncident = await stats.summary(filter(), 'incident');
    expect(byIncident.groups.map((g) => [g.key, g.incidentId, g.inspections])).toEqual([['ENF-S1', incidentId, 2], ['none', null, 2]]);
    expect((await stats.summary(filter({ incidentId }), undefined)).totals).toMatchObject({ inspections: 2, inspectedVehicles: 2, failedVehicles: 1 });
    expect((await stats.summary(filter({ from: String(base + 30 * MINUTE), to: String(base + 2 * 60 * MINUTE) }), undefined)).totals.inspections).toBe(1);
  });

  it('finds the vehicle that failed at two stations as a repeat offender', async () => {
    expect(await stats.repeatOffenders(filter())).toEqual([
      { vehicleKey: V1, vin: V1, plates: [`鄂A·${V1.slice(-5)}`], inspections: 2, failedInspections: 2, stations: ['st-a', 'st-b'], firstFailedAt: iso(base), lastFailedAt: iso(base + 60 * MINUTE) },
    ]);
    expect(await stats.repeatOffenders(filter({ incidentId }))).toEqual([]);
  });

  it('scans station by station in keyset pages without losing or repeating a row', async () => {
    const seen: string[] = [];
    for await (const j of scan.judged(filter({ includeDrill: 'true' }), { pageRows: 2 })) seen.push(`${j.row.device_id}|${j.row.seq}|${j.judgement.verdict}`);
    expect(seen).toEqual(['st-a|1|fail', 'st-a|2|pass', 'st-a|3|fail', 'st-a|4|pass', 'st-b|5|fail']);
  });
});
