import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ConfigModule } from '@tianyan/config';
import { resolveSeriesField, type DeviceReading, type SeriesField, type SeriesPoint, type Stream } from '@tianyan/contracts';
import { makeDroneTelemetry } from '@tianyan/testing';
import { ReadingQueryRepository, ReadingStore, StorageFeatures, StorageModule, TimescaleJobRunner } from '@tianyan/storage';
import { SERIES_ROLLUPS } from './series-rollups';
import { embeddedTarget, postgresTarget, type StorageTarget } from './testing/storage-test-targets';
import { everyStream, parsedReading } from './testing/sample-readings';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DEVICE = 'ru-drone';
const field = (stream: Stream, name: string): SeriesField => resolveSeriesField(stream, name) as SeriesField;
const STREAM_OF_TABLE: Record<string, Stream> = {
  drone_telemetry: 'drone/telemetry', drone_thermal: 'drone/thermal', ms_survey: 'ms/survey', obd_inspection: 'obd/inspection', device_status: 'drone/status',
};
const DEVICE_OF_TABLE: Record<string, string> = { ms_survey: 'ru-ms', obd_inspection: 'ru-obd' };

/** Telemetry every 20 s with values that differ reading to reading; gimbal pitch missing on every 7th. */
function telemetry(base: number, i: number): DeviceReading {
  const values = { altM: 100 + 37 * Math.sin(i / 5), batteryPct: 100 - i * 0.1, satellites: 10 + (i % 9), gimbalPitchDeg: i % 7 === 0 ? undefined : -30 - (i % 31) };
  return parsedReading('drone', DEVICE, 'telemetry', makeDroneTelemetry({ ts: base + i * 20_000 + 7, seq: i, ...values }));
}

function expectSamePoints(actual: SeriesPoint[], expected: SeriesPoint[]): void {
  expect(actual.map((p) => [p.t, p.min, p.max, p.count])).toEqual(expected.map((p) => [p.t, p.min, p.max, p.count]));
  actual.forEach((p, i) => expect(Math.abs(p.value! - expected[i]!.value!)).toBeLessThanOrEqual(1e-9 * Math.abs(expected[i]!.value!)));
}

describe.each<StorageTarget>([embeddedTarget, postgresTarget])('series rollups on $name', (target) => {
  let stop: () => Promise<void>;
  let moduleRef: TestingModule;
  let store: ReadingStore;
  let queries: ReadingQueryRepository;
  /** The same repository without rollups: what the raw rows say. */
  let rawQueries: ReadingQueryRepository;
  let dataSource: DataSource;
  // Inside the refresh policy's 30-day window, so the job runner's refresh reaches it.
  const base = Math.floor((Date.now() - 6 * HOUR) / HOUR) * HOUR;
  // Not minute-aligned: the partial minutes at both edges must come from raw rows.
  const from = base + 17_300;
  const to = base + 3 * HOUR + 9 * MINUTE + 41_100;
  /** Written after the refresh, past the refreshed range: only the real-time part of the view knows it. */
  const fresh = 560;
  const write = (readings: DeviceReading[]) =>
    store.write({ readings, quarantine: [], devices: [...new Map(readings.map((r) => [r.deviceId, { id: r.deviceId, kind: r.kind, autoProvisioned: true }])).values()] });

  beforeAll(async () => {
    const started = await target.start();
    stop = started.stop;
    moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(started.config), StorageModule.forRoot()] }).compile();
    await moduleRef.init();
    // The tests run the jobs by hand: the embedded 1-minute refresh timer must not move the watermark under them.
    moduleRef.get(TimescaleJobRunner).onModuleDestroy();
    store = moduleRef.get(ReadingStore);
    queries = moduleRef.get(ReadingQueryRepository);
    dataSource = moduleRef.get(DataSource);
    const features = moduleRef.get(StorageFeatures);
    rawQueries = new ReadingQueryRepository(dataSource, new StorageFeatures(features.hasTimescale, features.timescaleVersion, features.copyFromStdin));

    await write(Array.from({ length: 540 }, (_, i) => telemetry(base, i)));
    await write(Array.from({ length: 18 }, (_, k) => everyStream('ru', base + k * 10 * MINUTE + 3_000, 10_000 + k)).flat());
    if (target.expectTimescale) {
      // Materialize up to base + 3 h; later minutes are the real-time part of the view.
      for (const { view } of Object.values(SERIES_ROLLUPS)) {
        await dataSource.query(`CALL refresh_continuous_aggregate('${view}', NULL, to_timestamp(${(base + 3 * HOUR) / 1000}))`);
      }
      await write([telemetry(base, fresh)]);
    }
  });

  afterAll(async () => {
    await moduleRef?.close();
    await stop?.();
  });

  it('creates a 1-minute rollup per reading table exactly when TimescaleDB is there', () => {
    const features = moduleRef.get(StorageFeatures);
    expect(features.hasSeriesRollups).toBe(target.expectTimescale);
    expect([...features.seriesRollupViews].sort()).toEqual(target.expectTimescale ? Object.values(SERIES_ROLLUPS).map((r) => r.view).sort() : []);
  });

  it.each([MINUTE, 5 * MINUTE, HOUR])('reads %i ms buckets from the rollup, equal to bucketing raw rows', async (bucketMs) => {
    for (const name of ['altM', 'batteryPct', 'satellites', 'gimbalPitchDeg']) {
      const f = field('drone/telemetry', name);
      const read = await queries.readSeries(DEVICE, 'drone/telemetry', f, from, to, bucketMs);
      const raw = await rawQueries.readSeries(DEVICE, 'drone/telemetry', f, from, to, bucketMs);
      expect(read.source).toBe(target.expectTimescale ? 'rollup' : 'buckets');
      expect(raw.source).toBe('buckets');
      expect(read.points.length).toBeGreaterThan(2);
      expectSamePoints(read.points, raw.points);
    }
    // Shorter than a minute (no whole minute) and exactly one minute: each reading counted once.
    for (const [a, b] of [[from + 5_000, from + 35_000], [base + 2 * MINUTE, base + 3 * MINUTE]] as const) {
      const f = field('drone/telemetry', 'altM');
      const short = await queries.readSeries(DEVICE, 'drone/telemetry', f, a, b, bucketMs);
      expect(short.points.reduce((n, p) => n + p.count!, 0)).toBe(b - a === MINUTE ? 3 : 1);
      expectSamePoints(short.points, (await rawQueries.readSeries(DEVICE, 'drone/telemetry', f, a, b, bucketMs)).points);
    }
    if (target.expectTimescale) {
      const battery = await queries.series(DEVICE, 'drone/telemetry', field('drone/telemetry', 'batteryPct'), from, to, bucketMs);
      const freshAt = telemetry(base, fresh).time;
      expect(battery.at(-1)).toEqual({ t: Math.floor(freshAt / bucketMs) * bucketMs, value: 100 - fresh * 0.1, min: 100 - fresh * 0.1, max: 100 - fresh * 0.1, count: 1 });
    }
  });

  it('reads every rolled-up field of every table like raw rows', async () => {
    for (const [table, rollup] of Object.entries(SERIES_ROLLUPS)) {
      const stream = STREAM_OF_TABLE[table]!;
      const device = DEVICE_OF_TABLE[table] ?? DEVICE;
      for (const name of Object.keys(rollup.fields)) {
        const read = await queries.readSeries(device, stream, field(stream, name), from, to, 30 * MINUTE);
        const raw = await rawQueries.readSeries(device, stream, field(stream, name), from, to, 30 * MINUTE);
        expect([`${stream} ${name}`, read.source]).toEqual([`${stream} ${name}`, target.expectTimescale ? 'rollup' : 'buckets']);
        expect(read.points.length).toBeGreaterThan(0);
        expectSamePoints(read.points, raw.points);
      }
      await write([telemetry(base, fresh)]);
    }
  });

  it('keeps raw rows for zoomed-in, sub-minute, per-CAS and derived series', async () => {
    const altM = field('drone/telemetry', 'altM');
    expect((await queries.readSeries(DEVICE, 'drone/telemetry', altM, from, from + 10 * MINUTE, null)).source).toBe('raw');
    expect((await queries.readSeries(DEVICE, 'drone/telemetry', altM, from, to, 30_000)).source).toBe('buckets');
    expect((await queries.readSeries(DEVICE, 'drone/telemetry', altM, from, to, 90_000)).source).toBe('buckets');
    const h2s = await queries.readSeries('ru-ms', 'ms/survey', field('ms/survey', 'gas:7783-06-4'), from, to, 5 * MINUTE);
    expect(h2s.source).toBe('buckets');
    expect(h2s.points.reduce((n, p) => n + p.count!, 0)).toBe(17); // everyStream's first survey (base + 3 s) is before `from`
    const opacity = await queries.readSeries('ru-obd', 'obd/inspection', field('obd/inspection', 'opacityMeanKM1'), from, to, HOUR);
    expect(opacity.source).toBe('buckets');
  });

  (target.expectTimescale ? it : it.skip)('folds a late reading into a materialized minute when the job runner refreshes', async () => {
    const batteryPct = field('drone/telemetry', 'batteryPct');
    const late = parsedReading('drone', DEVICE, 'telemetry', makeDroneTelemetry({ ts: base + HOUR + 10_001, seq: 9_999, batteryPct: 3 }), { late: true });
    await write([late]);
    const minute = base + HOUR;
    const raw = await rawQueries.series(DEVICE, 'drone/telemetry', batteryPct, base + HOUR, base + 2 * HOUR, MINUTE);
    // Until refreshed, the materialized minute does not know the late reading: proof it is read from the rollup.
    const before = await queries.series(DEVICE, 'drone/telemetry', batteryPct, base + HOUR, base + 2 * HOUR, MINUTE);
    // 3 telemetry readings and one of everyStream's in that minute.
    expect(before[0]).toMatchObject({ t: minute, count: 4 });
    expect(raw[0]).toMatchObject({ t: minute, min: 3, count: 5 });

    const runs = await moduleRef.get(TimescaleJobRunner).refreshRollupsNow();
    expect(runs.map((r) => `${r.proc} ${r.hypertable} ${r.error ?? 'ok'}`).sort()).toEqual(
      Object.values(SERIES_ROLLUPS).map((r) => `policy_refresh_continuous_aggregate ${r.view} ok`).sort(),
    );
    expectSamePoints(await queries.series(DEVICE, 'drone/telemetry', batteryPct, base + HOUR, base + 2 * HOUR, MINUTE), raw);
  });

  (target.expectTimescale ? it : it.skip)('folds in readings of any age, as an incident archive import writes them', async () => {
    const batteryPct = field('drone/telemetry', 'batteryPct');
    const old = Math.floor((Date.now() - 200 * 24 * HOUR) / HOUR) * HOUR;
    const imported = [0, 1, 2].map((i) => parsedReading('drone', DEVICE, 'telemetry', makeDroneTelemetry({ ts: old + i * 90_000, seq: i, batteryPct: 50 + i }), { late: true }));
    await write(imported);
    // Long since materialized (empty): the rollup does not know them until a refresh reaches back.
    expect(await queries.series(DEVICE, 'drone/telemetry', batteryPct, old, old + HOUR, HOUR)).toEqual([]);
    // A policy run may leave some invalidated minutes for its next run (TimescaleDB bounds the work
    // per run), as a real server would a minute later: a few runs must catch up.
    const read = () => queries.readSeries(DEVICE, 'drone/telemetry', batteryPct, old, old + HOUR, HOUR);
    for (let run = 0; run < 3 && (await read()).points[0]?.count !== 3; run++) await moduleRef.get(TimescaleJobRunner).refreshRollupsNow();
    expect(await read()).toEqual({ source: 'rollup', points: [{ t: old, value: 51, min: 50, max: 52, count: 3 }] });
  });
});
