import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ConfigModule } from '@tianyan/config';
import { incidentInputSchema, type MultiPolygonCoordinates, type SituationSnapshot } from '@tianyan/contracts';
import { DeploymentRepository, DeviceRepository, IncidentRepository, ReceptorRepository, SituationScopeRepository, SituationSnapshotRepository, StorageModule } from '@tianyan/storage';
import { embeddedTarget, postgresTarget } from '../testing/storage-test-targets';

const target = process.env.TEST_BACKEND === 'real' ? postgresTarget : embeddedTarget;
const base = Date.UTC(2026, 0, 5, 8, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

/** A ring of `n` vertices 2 km across, ~22 bytes of JSON each. */
function ring(n: number): MultiPolygonCoordinates {
  const pts = Array.from({ length: n }, (_, i) => [114.3 + 0.01 * Math.cos((2 * Math.PI * i) / n), 30.6 + 0.01 * Math.sin((2 * Math.PI * i) / n)].map((v) => Math.round(v * 1e6) / 1e6));
  return [[[...pts, pts[0]!]]];
}

function snapshot(incidentId: string, at: number, plumes: number, vertices: number): SituationSnapshot {
  return {
    incidentId, drill: false, at, windowS: 300, wind: { fromDeg: 200, speedMs: null, source: 'plume-axis' }, receptors: [],
    thermal: { thresholdC: 60, polygon: ring(12), areaM2: 850 + at - base, hottestC: 412, hottest: { lat: 30.6, lon: 114.3 }, frames: 20, growthPctPerMin: null },
    plumes: Array.from({ length: plumes }, (_, k) => ({
      cas: `71-43-${k}`, compound: `c${k}`, sampleCount: 40, deviceCount: 2, maxPpm: 3, extentAreaKm2: 0.3 + k, centroid: { lat: 30.6, lon: 114.3 }, drift: null, growthPctPerMin: null,
      zones: [{ band: 'extent' as const, level: 'blue' as const, thresholdPpm: 0.5, basis: 'configured 0.5 ppm', polygon: ring(vertices), areaKm2: 0.3 + k }],
    })),
  };
}

describe(`situation storage on ${target.name}`, () => {
  let stop: () => Promise<void>;
  let moduleRef: TestingModule;
  let snapshots: SituationSnapshotRepository;
  let incidentId: string;

  beforeAll(async () => {
    const started = await target.start();
    stop = started.stop;
    moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(started.config), StorageModule.forRoot()] }).compile();
    await moduleRef.init();
    snapshots = moduleRef.get(SituationSnapshotRepository);
    const incident = await moduleRef.get(IncidentRepository).create(incidentInputSchema.parse({ code: `T-${randomUUID().slice(0, 8)}`, title: 'fire', level: 'II', startAt: iso(base - 60_000) }));
    incidentId = incident.id;
  });

  afterAll(async () => {
    await moduleRef?.close();
    await stop?.();
  });

  it('stores snapshots whole, also those larger than one statement, and reads them back by time', async () => {
    const small = snapshot(incidentId, base, 2, 40);
    // Four plumes of ~33 KB: more than two embedded statements in all, each plume fits in one.
    const large = snapshot(incidentId, base + 5000, 4, 1500);
    expect(JSON.stringify(large).length).toBeGreaterThan(64 * 1024 * 2);
    expect(await snapshots.save(small)).toEqual({ thinned: 0 });
    expect(await snapshots.save(large)).toEqual({ thinned: 0 });
    expect(await snapshots.at(incidentId, base - 1)).toBeNull();
    expect(await snapshots.at(incidentId, base + 4999)).toEqual(small);
    expect(await snapshots.at(incidentId, base + 5000)).toEqual(large);
    expect(await snapshots.between(incidentId, base, base + 5000)).toEqual([small, large]);
    expect(await snapshots.between(incidentId, base + 1, base + 9000)).toEqual([large]);
    expect(await snapshots.at(randomUUID(), base + 5000)).toBeNull();
    expect(await snapshots.at('not-a-uuid', base + 5000)).toBeNull();
  });

  it('thins the rings of a plume too large for one embedded statement, and stores it', async () => {
    const huge = snapshot(incidentId, base + 8000, 1, 6000);
    const { thinned } = await snapshots.save(huge);
    const stored = (await snapshots.at(incidentId, base + 8000))!;
    const storedRing = stored.plumes[0]!.zones[0]!.polygon[0]![0]!;
    if (target === embeddedTarget) {
      expect(thinned).toBeGreaterThan(0);
      expect(storedRing.length).toBeLessThan(6001);
    } else {
      expect(stored).toEqual(huge);
    }
    expect(storedRing[0]).toEqual(storedRing.at(-1));
    await moduleRef.get(DataSource).query('DELETE FROM situation_snapshots WHERE at = to_timestamp($1::float8 / 1000)', [base + 8000]);
  });

  it('replaces a snapshot of the same device time, and gives the chart numbers per snapshot', async () => {
    const again = snapshot(incidentId, base, 1, 40);
    await snapshots.save(again);
    expect(await snapshots.at(incidentId, base)).toEqual(again);
    expect(await snapshots.series(incidentId, base, base + 5000)).toEqual([
      { at: base, extentAreaKm2: { '71-43-0': 0.3 }, thermalAreaM2: 850 },
      { at: base + 5000, extentAreaKm2: { '71-43-0': 0.3, '71-43-1': 1.3, '71-43-2': 2.3, '71-43-3': 3.3 }, thermalAreaM2: 5850 },
    ]);
  });

  it('thins snapshots stored long ago to the first of each minute of device time, in bounded batches, and leaves recent ones whole', async () => {
    const incident = await moduleRef.get(IncidentRepository).create(incidentInputSchema.parse({ code: `T-${randomUUID().slice(0, 8)}`, title: 'old fire', level: 'III', startAt: iso(base - 60_000) }));
    const t0 = base + 3_600_000;
    // Three minutes of device time at 5 s (36 snapshots), then 12 more stored just now.
    const old = Array.from({ length: 36 }, (_, i) => t0 + i * 5000);
    const recent = Array.from({ length: 12 }, (_, i) => t0 + 180_000 + i * 5000);
    for (const at of [...old, ...recent]) await snapshots.save(snapshot(incident.id, at, 1, 12));
    const db = moduleRef.get(DataSource);
    await db.query(`UPDATE situation_snapshots SET computed_at = now() - interval '2 days' WHERE incident_id = $1 AND at < to_timestamp($2::float8 / 1000)`, [incident.id, t0 + 180_000]);
    const cutoff = Date.now() - 86_400_000;

    expect(await snapshots.thin(cutoff, 60, 20)).toBe(20); // a batch at most
    expect(await snapshots.thin(cutoff, 60, 20)).toBe(13); // 36 - 3 kept
    expect(await snapshots.thin(cutoff, 60, 20)).toBe(0);
    const left = (await snapshots.between(incident.id, t0, t0 + 600_000, 100)).map((s) => s.at);
    expect(left).toEqual([t0, t0 + 60_000, t0 + 120_000, ...recent]);
    // Seek inside a thinned minute finds the minute's kept picture; the other incident is untouched.
    expect((await snapshots.at(incident.id, t0 + 95_000))!.at).toBe(t0 + 60_000);
    expect((await snapshots.at(incidentId, base + 5000))!.at).toBe(base + 5000);
  });

  it('keeps receptors in import order, soft-deletes them, and lists the deployments of open incidents', async () => {
    const receptors = moduleRef.get(ReceptorRepository);
    const created = await receptors.createMany([
      { name: 'A', kind: 'school', geometry: { type: 'Point', coordinates: [114.3, 30.6] }, population: 10, properties: { phone: '1' } },
      { name: 'B', kind: 'village', geometry: { type: 'Polygon', coordinates: ring(2000)[0]! }, population: null, properties: {} },
    ]);
    expect((await receptors.list()).map((r) => r.name)).toEqual(['A', 'B']);
    expect(await receptors.get(created[0]!.id)).toMatchObject({ name: 'A', properties: { phone: '1' }, population: 10 });
    expect(await receptors.softDelete(created[0]!.id)).toBe(true);
    expect(await receptors.softDelete(created[0]!.id)).toBe(false);
    expect((await receptors.list()).map((r) => r.name)).toEqual(['B']);

    await moduleRef.get(DeviceRepository).register({ id: 'sit-ms-1', kind: 'ms', autoProvisioned: true });
    await moduleRef.get(DeploymentRepository).add(incidentId, { deviceId: 'sit-ms-1', from: iso(base), to: iso(base + 60_000) });
    expect(await moduleRef.get(SituationScopeRepository).openDeployments()).toEqual([{ incidentId, drill: false, deviceId: 'sit-ms-1', fromMs: base, toMs: base + 60_000 }]);
    await moduleRef.get(DataSource).query('UPDATE incidents SET end_at = now() - interval \'1 minute\' WHERE id = $1', [incidentId]);
    expect(await moduleRef.get(SituationScopeRepository).openDeployments()).toEqual([]);
  });
});
