import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigModule } from '@tianyan/config';
import type { DeviceReading } from '@tianyan/contracts';
import { ReadingStore, ReplayReadingRepository, StorageModule, type DeviceUpsert, type ReplayCursor, type ReplayWindow } from '@tianyan/storage';
import { everyStream } from '../testing/sample-readings';
import { embeddedTarget, postgresTarget, type StorageTarget } from '../testing/storage-test-targets';

const MINUTE = 60_000;
/** The replay order written out independently of the repository's comparator. */
const key = (r: DeviceReading) => `${String(r.time).padStart(15, '0')}|${r.deviceId}|${r.stream}|${String(r.seq).padStart(10, '0')}`;
const ordered = (readings: DeviceReading[]) => [...readings].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

describe.each<StorageTarget>([embeddedTarget, postgresTarget])('replay reads on $name', (target) => {
  let stop: () => Promise<void>;
  let moduleRef: TestingModule;
  let replay: ReplayReadingRepository;
  const base = Date.now() - 3 * 60 * MINUTE;
  const stored: DeviceReading[] = [];

  async function all(windows: ReplayWindow[], until: number, limit: number): Promise<DeviceReading[]> {
    const out: DeviceReading[] = [];
    let after: ReplayCursor | null = null;
    for (let pages = 0; pages < 1000; pages++) {
      const page = await replay.page(windows, after, until, limit);
      expect(page.readings.length).toBeLessThanOrEqual(limit);
      out.push(...page.readings);
      if (!page.next) return out;
      after = page.next;
    }
    throw new Error('paging did not end');
  }

  beforeAll(async () => {
    const started = await target.start();
    stop = started.stop;
    moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(started.config), StorageModule.forRoot()] }).compile();
    await moduleRef.init();
    replay = moduleRef.get(ReplayReadingRepository);
    // Two fleets (a-*, b-*) with every stream at the same instants, plus a second seq at one instant: many equal timestamps.
    for (let i = 0; i < 6; i++) stored.push(...everyStream('a', base + i * MINUTE, i + 1), ...everyStream('b', base + i * MINUTE, i + 1));
    stored.push(...everyStream('a', base + 2 * MINUTE, 100));
    const devices: DeviceUpsert[] = [...new Map(stored.map((r) => [r.deviceId, { id: r.deviceId, kind: r.kind, autoProvisioned: true }])).values()];
    await moduleRef.get(ReadingStore).write({ readings: stored, quarantine: [], devices });
  });

  afterAll(async () => {
    await moduleRef?.close();
    await stop?.();
  });

  it('returns every stream of several devices in exact device-time order, late ones marked, rebuilt exactly', async () => {
    const windows = ['a-drone', 'a-ms', 'a-obd', 'b-drone', 'b-ms', 'b-obd'].map((deviceId) => ({ deviceId, from: base, to: null }));
    const got = await all(windows, base + 10 * MINUTE, 2000);
    expect(got).toHaveLength(stored.length);
    expect(got).toStrictEqual(ordered(stored));
    const late = got.filter((r) => r.late);
    expect(late.length).toBe(13);
    expect(late.every((r) => r.stream === 'ms/survey')).toBe(true);
  });

  it('pages neither skip nor repeat at boundaries with equal timestamps, whatever the page size', async () => {
    const windows = ['a-drone', 'a-ms', 'b-drone', 'b-obd'].map((deviceId) => ({ deviceId, from: base, to: null }));
    const expected = ordered(stored.filter((r) => windows.some((w) => w.deviceId === r.deviceId)));
    for (const limit of [1, 2, 3, 7, 50]) {
      expect(await all(windows, base + 10 * MINUTE, limit)).toStrictEqual(expected);
    }
  });

  it('respects each device window, merges overlapping ones, and reads (after, until]', async () => {
    const windows: ReplayWindow[] = [
      { deviceId: 'a-drone', from: base + MINUTE, to: base + 3 * MINUTE },
      { deviceId: 'a-drone', from: base + 2 * MINUTE, to: base + 3 * MINUTE },
      { deviceId: 'b-ms', from: base + 4 * MINUTE, to: null },
    ];
    const inWindow = (r: DeviceReading) => windows.some((w) => w.deviceId === r.deviceId && r.time >= w.from && (w.to === null || r.time <= w.to));
    const until = base + 5 * MINUTE - 1;
    const got = await all(windows, until, 4);
    expect(got).toStrictEqual(ordered(stored.filter((r) => inWindow(r) && r.time <= until)));
    expect(new Set(got.map((r) => r.deviceId))).toEqual(new Set(['a-drone', 'b-ms']));

    // After "everything at base + 2 min": a time-only cursor, as a seek uses.
    const after = await replay.page(windows, { time: base + 2 * MINUTE }, until, 2000);
    expect(after.readings).toStrictEqual(ordered(stored.filter((r) => inWindow(r) && r.time > base + 2 * MINUTE && r.time <= until)));
    expect(after.next).toBeNull();
    expect(await replay.page([], null, until, 10)).toEqual({ readings: [], next: null });
  });
});
