import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ConfigModule, TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { resolveSeriesField, type DeviceReading, type SeriesField, type Stream } from '@tianyan/contracts';
import { makeDroneTelemetry, makeDroneThermal, makeMsIdentification, makeMsSurvey, makeObdInspection, makeThermalFrame, makeStatus } from '@tianyan/testing';
import {
  DeviceRepository, QuarantineRepository, ReadingQueryRepository, ReadingStore, StorageFeatures, StorageModule, TimescaleJobRunner,
  MAX_QUARANTINE_PAYLOAD_BYTES, type DeviceUpsert, type WriteBatch,
} from '@tianyan/storage';
import { BatchedStatement } from './batched-statement';
import { STORAGE_MIGRATIONS } from './migrations/storage-migrations';
import { embeddedTarget, postgresTarget, type StorageTarget } from './testing/storage-test-targets';
import { everyStream, parsedReading } from './testing/sample-readings';

const HOUR = 3_600_000;
const devicesOf = (readings: DeviceReading[]): DeviceUpsert[] =>
  [...new Map(readings.map((r) => [r.deviceId, { id: r.deviceId, kind: r.kind, autoProvisioned: true }])).values()];
const batchOf = (readings: DeviceReading[], extra: Partial<WriteBatch> = {}): WriteBatch => ({ readings, quarantine: [], devices: devicesOf(readings), ...extra });
const field = (stream: Stream, name: string): SeriesField => resolveSeriesField(stream, name) as SeriesField;
const byStream = (a: DeviceReading, b: DeviceReading) => a.stream.localeCompare(b.stream);

describe.each<StorageTarget>([embeddedTarget, postgresTarget])('storage on $name', (target) => {
  let stop: () => Promise<void>;
  let moduleRef: TestingModule;
  let store: ReadingStore;
  let queries: ReadingQueryRepository;
  let devices: DeviceRepository;
  let quarantine: QuarantineRepository;
  let dataSource: DataSource;
  const base = Date.now() - 2 * HOUR;
  const count = async (table: string, deviceId: string) =>
    ((await dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE device_id = $1`, [deviceId])) as [{ n: number }])[0].n;

  beforeAll(async () => {
    const started = await target.start();
    stop = started.stop;
    moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(started.config), StorageModule.forRoot()] }).compile();
    await moduleRef.init();
    store = moduleRef.get(ReadingStore);
    queries = moduleRef.get(ReadingQueryRepository);
    devices = moduleRef.get(DeviceRepository);
    quarantine = moduleRef.get(QuarantineRepository);
    dataSource = moduleRef.get(DataSource);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await stop?.();
  });

  it('migrates up, down and up again, with TimescaleDB exactly when available', async () => {
    expect(moduleRef.get(StorageFeatures).hasTimescale).toBe(target.expectTimescale);
    const hypertables = async () =>
      target.expectTimescale ? ((await dataSource.query('SELECT count(*)::int AS n FROM timescaledb_information.hypertables')) as [{ n: number }])[0].n : 0;
    const brin = async () => ((await dataSource.query(`SELECT count(*)::int AS n FROM pg_indexes WHERE indexdef LIKE '%USING brin%'`)) as [{ n: number }])[0].n;
    expect(await hypertables()).toBe(target.expectTimescale ? 6 : 0);
    expect(await brin()).toBe(target.expectTimescale ? 0 : 6);

    for (let i = 0; i < STORAGE_MIGRATIONS.length; i++) await dataSource.undoLastMigration();
    expect(await dataSource.query(`SELECT to_regclass('drone_telemetry') AS t, to_regclass('audit_log') AS a`)).toEqual([{ t: null, a: null }]);
    await dataSource.runMigrations();
    expect(await hypertables()).toBe(target.expectTimescale ? 6 : 0);
    expect(await brin()).toBe(target.expectTimescale ? 0 : 6);
  });

  it('round-trips a reading of every stream exactly, and tracks devices', async () => {
    const readings = everyStream('rt', base);
    const result = await store.write(batchOf(readings));
    expect(result).toEqual({ inserted: 8, duplicates: 0, quarantined: 0, rejected: [] });

    for (const id of ['rt-drone', 'rt-ms', 'rt-obd']) {
      const expected = readings.filter((r) => r.deviceId === id).sort(byStream);
      expect((await queries.latest(id)).sort(byStream)).toStrictEqual(expected);
    }
    const drone = await devices.findById('rt-drone');
    expect(drone).toMatchObject({ kind: 'drone', lastSeen: base, state: 'online', stateAt: base, batteryPct: 88, firmware: '1.4.2', autoProvisioned: true, enabled: true });
    expect((await devices.findById('rt-ms'))?.state).toBe('calibration');
    expect((await devices.loadAll()).get('rt-obd')?.kind).toBe('obd');
  });

  it('keeps the newest status when an older one arrives late, and latest() follows device time', async () => {
    const online = parsedReading('drone', 'late-1', 'status', makeStatus({ ts: base + 10_000, seq: 2, state: 'online' }));
    const fault = parsedReading('drone', 'late-1', 'status', makeStatus({ ts: base, seq: 1, state: 'fault', batteryPct: 5 }), { late: true });
    await store.write(batchOf([online]));
    await store.write(batchOf([fault]));
    expect(await devices.findById('late-1')).toMatchObject({ state: 'online', stateAt: base + 10_000, lastSeen: base + 10_000, batteryPct: 88 });
    expect((await queries.latest('late-1')).map((r) => r.seq)).toEqual([2]);
  });

  it('is idempotent: the same batch twice stores each reading once', async () => {
    const readings = everyStream('idem', base);
    await store.write(batchOf(readings));
    const again = await store.write(batchOf(readings));
    expect(again).toMatchObject({ inserted: 0, duplicates: 8 });
    for (const [table, id] of [['drone_telemetry', 'idem-drone'], ['device_status', 'idem-ms'], ['obd_inspection', 'idem-obd']]) {
      expect(await count(table!, id!)).toBe(1);
    }
  });

  it('copies straight into the tables on PostgreSQL, storing what staging stores; a redelivery takes the staged path', async () => {
    const fresh = new ReadingStore(dataSource, devices, quarantine, moduleRef.get(StorageFeatures), moduleRef.get<TianyanConfig>(TIANYAN_CONFIG));
    const direct = everyStream('path-d', base);
    expect(await fresh.write(batchOf(direct))).toMatchObject({ inserted: 8, duplicates: 0 });
    if (target.expectTimescale) {
      expect(fresh.writes).toEqual({ direct: 0, staged: 0, unnest: 1, isolate: 0, refused: 0 }); // the embedded database has no COPY
      return;
    }
    expect(fresh.writes).toEqual({ direct: 1, staged: 0, unnest: 0, isolate: 0, refused: 0 });
    // Redelivered: the direct COPY breaks the key, the staged path skips what is stored, and the next batches stage too.
    expect(await fresh.write(batchOf(direct))).toMatchObject({ inserted: 0, duplicates: 8, quarantined: 0 });
    const staged = direct.map((r) => ({ ...r, deviceId: r.deviceId.replace('path-d', 'path-s') }));
    expect(await fresh.write(batchOf(staged))).toMatchObject({ inserted: 8, duplicates: 0 });
    expect(fresh.writes).toEqual({ direct: 1, staged: 2, unnest: 0, isolate: 0, refused: 1 });
    const rows = async (table: string, prefix: string) =>
      ((await dataSource.query(`SELECT to_jsonb(t) - 'device_id' AS row FROM ${table} t WHERE device_id LIKE $1 ORDER BY device_id, time, seq`, [`${prefix}-%`])) as { row: unknown }[]).map((r) => r.row);
    for (const table of ['drone_telemetry', 'drone_thermal', 'ms_survey', 'ms_identification', 'obd_inspection', 'device_status']) {
      const written = await rows(table, 'path-d');
      expect(written.length).toBeGreaterThan(0);
      expect(await rows(table, 'path-s')).toEqual(written);
    }
  });

  it('splits large batches into statements under the byte budget', async () => {
    const run = jest.spyOn(BatchedStatement.prototype, 'run');
    // The module object staged-copy.ts calls through (an `import * as` here would be a copy of it).
    const copy = jest.spyOn(jest.requireActual<typeof import('pg-copy-streams')>('pg-copy-streams'), 'from');
    const telemetry = Array.from({ length: 2500 }, (_, i) =>
      parsedReading('drone', 'bulk-1', 'telemetry', makeDroneTelemetry({ ts: base + i * 200, seq: i, altM: 100 + (i % 50) })),
    );
    const frame = makeThermalFrame(80, 64, 29000);
    const thermal = Array.from({ length: 40 }, (_, i) =>
      parsedReading('drone', 'bulk-1', 'thermal', makeDroneThermal({ ts: base + i * 1000, seq: i, frame, hotspot: { x: 40, y: 30, lat: 30.61, lon: 114.26, tempC: 312.8 } })),
    );
    const result = await store.write(batchOf([...telemetry, ...thermal]));
    expect(result).toMatchObject({ inserted: 2540, duplicates: 0 });
    expect(await count('drone_telemetry', 'bulk-1')).toBe(2500);
    expect(await count('drone_thermal', 'bulk-1')).toBe(40);
    // Embedded: 48 KB per statement means several statements per family; PostgreSQL takes each family
    // in one COPY, straight or staged (the unnest statements left are the devices').
    if (target.expectTimescale) {
      expect(run.mock.calls.length).toBeGreaterThan(20);
      expect(copy).not.toHaveBeenCalled();
    } else {
      expect(copy.mock.calls.map(([sql]) => /^COPY (?:tianyan_stage_)?(\w+)/.exec(sql)![1]).sort()).toEqual(['drone_telemetry', 'drone_thermal']);
      expect(run.mock.calls.length).toBeLessThan(4);
    }
    run.mockRestore();
    copy.mockRestore();
    const [newestThermal] = (await queries.latest('bulk-1')).filter((r) => r.stream === 'drone/thermal');
    expect(newestThermal).toStrictEqual(thermal[39]);
  });

  it('takes concurrent batches of the same devices without deadlock or loss', async () => {
    // Ingest keeps several writes in flight on PostgreSQL: each touches the same devices rows, here in
    // opposite orders, among a fleet of thousands. (ReadingStore serialises that part with a lock, so
    // the order rows are locked in cannot matter whichever plan the database picks.)
    await dataSource.query(`INSERT INTO devices (id, kind) SELECT 'fleet-' || i, 'drone' FROM generate_series(1, 5000) AS i`);
    await dataSource.query('ANALYZE devices');
    const fleet = Array.from({ length: 40 }, (_, i) => `c-${i}`);
    const batches = Array.from({ length: 6 }, (_, b) => {
      const order = b % 2 ? [...fleet].reverse() : fleet;
      return batchOf(order.flatMap((id) => Array.from({ length: 10 }, (_, i) =>
        parsedReading('drone', id, 'telemetry', makeDroneTelemetry({ ts: base + (b * 10 + i) * 100, seq: b * 10 + i })))));
    });
    const results = await Promise.all(batches.map((b) => store.write(b)));
    expect(results.reduce((n, r) => n + r.inserted, 0)).toBe(6 * 40 * 10);
    for (const id of [fleet[0]!, fleet[39]!]) {
      expect(await count('drone_telemetry', id)).toBe(60);
      expect((await devices.findById(id))?.lastSeen).toBe(base + 59 * 100);
    }
  });

  it('stores quarantine rows with reasons, truncating large payloads', async () => {
    const big = Buffer.alloc(40 * 1024, 'x');
    const receivedAt = Date.now();
    const result = await store.write({
      readings: [],
      devices: [],
      quarantine: [
        { receivedAt, topic: 'tianyan/v1/drone/q-1/telemetry', deviceId: 'q-1', kind: 'drone', channel: 'telemetry', reason: 'lat: Too big', payload: Buffer.from('{"lat":91}') },
        { receivedAt: receivedAt + 1, topic: 'tianyan/v1/drone/q-1/thermal', deviceId: 'q-1', kind: 'drone', channel: 'thermal', reason: 'payload is not valid JSON', payload: big },
        { receivedAt: receivedAt + 2, topic: 'garbage\u0000topic', deviceId: null, kind: null, channel: null, reason: 'bad topic', payload: Uint8Array.from([0xff, 0x00, 0xfe]) },
      ],
    });
    expect(result.quarantined).toBe(3);
    const page = await quarantine.list({ deviceId: 'q-1', limit: 10, offset: 0 });
    expect(page.total).toBe(2);
    expect(page.items[0]).toMatchObject({ reason: 'payload is not valid JSON', payloadBytes: 40 * 1024, truncated: true, payloadEncoding: 'utf8' });
    expect(page.items[0]!.payload).toHaveLength(MAX_QUARANTINE_PAYLOAD_BYTES);
    expect(page.items[1]).toMatchObject({ topic: 'tianyan/v1/drone/q-1/telemetry', reason: 'lat: Too big', payload: '{"lat":91}', truncated: false, payloadBytes: 10 });
    const all = await quarantine.list({ limit: 1, offset: 0 });
    expect(all.items[0]).toMatchObject({ deviceId: null, payloadEncoding: 'base64', payload: '/wD+', topic: 'garbage\uFFFDtopic' });
    expect(await quarantine.count()).toBe(all.total);
  });

  it('draws series raw and bucketed, including gas, compound and derived fields', async () => {
    const t0 = Math.floor(base / 60_000) * 60_000; // minute-aligned: buckets of 10 s start at t0
    const telemetry = Array.from({ length: 60 }, (_, i) => parsedReading('drone', 's-drone', 'telemetry', makeDroneTelemetry({ ts: t0 + i * 1000, seq: i, altM: 100 + i })));
    const survey = Array.from({ length: 6 }, (_, i) => parsedReading('ms', 's-ms', 'survey', makeMsSurvey({ ts: t0 + i * 1000, seq: i })));
    const ident = parsedReading('ms', 's-ms', 'identification', makeMsIdentification({ ts: t0, seq: 1 }));
    const thermal = parsedReading('drone', 's-drone', 'thermal', makeDroneThermal({ ts: t0, seq: 1 }));
    const obd = parsedReading('obd', 's-obd', 'inspection', makeObdInspection({ ts: t0, seq: 1, opacity: { kM1: [0.3, 0.6, 0.9] } }));
    await store.write(batchOf([...telemetry, ...survey, ident, thermal, obd]));

    const raw = await queries.series('s-drone', 'drone/telemetry', field('drone/telemetry', 'altM'), t0, t0 + 59_000, null);
    expect(raw).toHaveLength(60);
    expect(raw[0]).toEqual({ t: t0, value: 100 });
    expect(raw[59]).toEqual({ t: t0 + 59_000, value: 159 });

    const bucketed = await queries.series('s-drone', 'drone/telemetry', field('drone/telemetry', 'altM'), t0, t0 + 59_000, 10_000);
    expect(bucketed).toHaveLength(6);
    expect(bucketed[1]).toEqual({ t: t0 + 10_000, value: 114.5, min: 110, max: 119, count: 10 });

    const h2s = await queries.series('s-ms', 'ms/survey', field('ms/survey', 'gas:7783-06-4'), t0, t0 + 10_000, null);
    expect(h2s.map((p) => p.value)).toEqual([3.2, 3.2, 3.2, 3.2, 3.2, 3.2]);
    const benzeneBucket = await queries.series('s-ms', 'ms/survey', field('ms/survey', 'gas:71-43-2'), t0, t0 + 10_000, 60_000);
    expect(benzeneBucket).toEqual([{ t: t0, value: 0.85, min: 0.85, max: 0.85, count: 6 }]);
    expect(await queries.series('s-ms', 'ms/identification', field('ms/identification', 'compound:108-88-3'), t0, t0, null)).toEqual([{ t: t0, value: 0.64 }]);
    expect(await queries.series('s-drone', 'drone/thermal', field('drone/thermal', 'hotspotTempC'), t0, t0, null)).toEqual([{ t: t0, value: 312.8 }]);
    const opacity = await queries.series('s-obd', 'obd/inspection', field('obd/inspection', 'opacityMeanKM1'), t0, t0, null);
    expect(opacity[0]!.value).toBeCloseTo(0.6, 10);
    expect(moduleRef.get(StorageFeatures).bucketFunction).toBe(target.expectTimescale ? 'time_bucket' : 'date_bin');
  });

  it('quarantines the readings the database refuses and commits the rest', async () => {
    const good = Array.from({ length: 9 }, (_, i) => parsedReading('drone', 'bad-1', 'telemetry', makeDroneTelemetry({ ts: base + i * 1000, seq: i })));
    const nulText = { ...good[3]!, seq: 100, data: { ...good[3]!.data, mode: 'way\u0000line' } } as unknown as DeviceReading;
    const nulJson = { ...good[5]!, seq: 101, extra: { note: 'bad \u0000 byte' } } as DeviceReading;
    const result = await store.write(batchOf([...good, nulText, nulJson]));
    expect(result).toMatchObject({ inserted: 9, duplicates: 0, quarantined: 2 });
    expect(result.rejected.map((r) => r.reading.seq).sort()).toEqual([100, 101]);
    expect(result.rejected.find((r) => r.reading.seq === 100)!.reason).toMatch(/SQLSTATE 22021/);
    expect(result.rejected.find((r) => r.reading.seq === 101)!.reason).toMatch(/SQLSTATE 22P05/);
    expect(await count('drone_telemetry', 'bad-1')).toBe(9);
    const page = await quarantine.list({ deviceId: 'bad-1', limit: 10, offset: 0 });
    expect(page.total).toBe(2);
    expect(page.items.every((e) => e.reason.startsWith('database rejected the reading:'))).toBe(true);
    expect(JSON.parse(page.items[0]!.payload)).toHaveProperty('seq');
    expect((await devices.findById('bad-1'))?.lastSeen).toBe(base + 8000);
  });

  it('sends a value without an exact binary form as text, for the database to judge, and loses nothing', async () => {
    const fresh = new ReadingStore(dataSource, devices, quarantine, moduleRef.get(StorageFeatures), moduleRef.get<TianyanConfig>(TIANYAN_CONFIG));
    const good = Array.from({ length: 4 }, (_, i) => parsedReading('drone', 'nobin-1', 'telemetry', makeDroneTelemetry({ ts: base + i * 1000, seq: i })));
    // Past validation by construction: satellites is smallint, so 40,000 has no int2 form and PostgreSQL refuses it.
    const overflow = { ...good[1]!, seq: 50, data: { ...good[1]!.data, satellites: 40_000 } } as DeviceReading;
    const result = await fresh.write(batchOf([...good, overflow]));
    expect(result).toMatchObject({ inserted: 4, quarantined: 1 });
    expect(result.rejected.map((r) => r.reading.seq)).toEqual([50]);
    expect(result.rejected[0]!.reason).toMatch(/SQLSTATE 22003/);
    expect(await count('drone_telemetry', 'nobin-1')).toBe(4);
    expect(fresh.writes).toMatchObject(target.expectTimescale ? { unnest: 0, isolate: 1 } : { direct: 0, refused: 1, isolate: 1 });
  });

  it('quarantines a refused reading at the head of a batch that COPY sends in several chunks', async () => {
    const good = Array.from({ length: 2500 }, (_, i) => parsedReading('drone', 'bad-2', 'telemetry', makeDroneTelemetry({ ts: base + i * 200, seq: i })));
    const nul = { ...good[0]!, seq: 9000, data: { ...good[0]!.data, mode: 'way\u0000line' } } as unknown as DeviceReading;
    const result = await store.write(batchOf([nul, ...good]));
    expect(result).toMatchObject({ inserted: 2500, duplicates: 0, quarantined: 1 });
    expect(result.rejected.map((r) => r.reading.seq)).toEqual([9000]);
    expect(await count('drone_telemetry', 'bad-2')).toBe(2500);
  });

  it('runs TimescaleDB jobs on demand, and stays idempotent on compressed chunks', async () => {
    const runner = moduleRef.get(TimescaleJobRunner);
    expect(runner.enabled).toBe(target.expectTimescale);
    const old = parsedReading('drone', 'old-1', 'telemetry', makeDroneTelemetry({ ts: Date.now() - 30 * 24 * HOUR, seq: 1 }), { late: true });
    await store.write(batchOf([old]));
    const runs = await runner.runJobsNow();
    if (!target.expectTimescale) {
      expect(runs).toEqual([]);
      return;
    }
    // Compression and retention of 6 tables, plus refresh and retention of the 5 series rollups.
    expect(runs.length).toBe(22);
    expect(runs.filter((r) => r.error)).toEqual([]);
    const compressed = (await dataSource.query(
      `SELECT count(*)::int AS n FROM timescaledb_information.chunks WHERE hypertable_name = 'drone_telemetry' AND is_compressed`,
    )) as [{ n: number }];
    expect(compressed[0].n).toBeGreaterThan(0);
    expect(await store.write(batchOf([old]))).toMatchObject({ inserted: 0, duplicates: 1 });
    expect(await queries.latest('old-1')).toStrictEqual([old]);
  });
});
