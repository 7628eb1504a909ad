/**
 * Playback on a stored incident in the machine's PostgreSQL (TEST_PG_URL or postgres://postgres@127.0.0.1:5432/postgres):
 * seek latency (IncidentStateRepository.stateAt) at random T, cold and warm, and the replay page
 * reader's sustained rate against what 64× needs, and the same replay at 64× through a Tianyan process
 * and a Socket.IO client (clock speed, readings delivered, lag). Full: 24 h × 50 devices; `--smoke`: 10 min × 5.
 * Run: npm run bench:playback [-- --smoke]
 */
import { loadConfig, type TianyanConfig } from '@tianyan/config';
import { deploymentInputSchema, incidentInputSchema } from '@tianyan/contracts';
import {
  AlertHistoryRepository,
  AlertRepository,
  createStorageDataSource,
  DeploymentRepository,
  DeviceRepository,
  IncidentRepository,
  IncidentStateRepository,
  QuarantineRepository,
  ReadingStore,
  ReplayReadingRepository,
  ReplayScopeRepository,
  StorageFeatures,
  type ReplayCursor,
} from '@tianyan/storage';
import { createTestDatabase } from '@tianyan/testing';
import { fleetOf, readingsBetween } from './support/incident-fleet';
import { measureSocketReplay } from './support/socket-replay';
import { percentile, printTable } from './support/stats';

const smoke = process.argv.includes('--smoke');
const HOURS = smoke ? 10 / 60 : 24;
const DEVICES = smoke ? 5 : 50;
const SEEKS = smoke ? 10 : 200;
/** Media time read by the replay measurement. */
const REPLAY_MEDIA_MS = smoke ? 5 * 60_000 : 60 * 60_000;
const SPEED = 64;
/** Wall time of the Socket.IO replay at 64×. */
const SOCKET_REPLAY_WALL_MS = smoke ? 3_000 : 30_000;
/** Generated per store.write call: one COPY per table. */
const SLICE_MS = 10 * 60_000;

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

export async function main(): Promise<void> {
  const db = await createTestDatabase(process.env.TEST_PG_URL);
  const config: TianyanConfig = loadConfig({ DATABASE_URL: db.url, DB_POOL_SIZE: '4' });
  const ds = await createStorageDataSource(config);
  try {
    const devices = new DeviceRepository(ds, config);
    const features = await StorageFeatures.detect(ds);
    const store = new ReadingStore(ds, devices, new QuarantineRepository(ds, config), features, config);
    const incidents = new IncidentRepository(ds);
    const deployments = new DeploymentRepository(ds);
    const alerts = new AlertRepository(ds, config);
    const state = new IncidentStateRepository(ds, incidents, deployments, alerts);
    const replay = new ReplayReadingRepository(ds, alerts, new AlertHistoryRepository(ds));

    // Whole minutes in the past, so no reading is "from the future".
    const endAt = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;
    const startAt = endAt - HOURS * 3_600_000;
    const fleet = fleetOf(DEVICES);

    let stored = 0;
    const [, loadMs] = await timed(async () => {
      for (let t = startAt; t < endAt; t += SLICE_MS) {
        const readings = readingsBetween(fleet, t, Math.min(t + SLICE_MS, endAt));
        stored += (await store.write({ readings, quarantine: [], devices: fleet.map((d) => ({ id: d.id, kind: d.kind, autoProvisioned: true })) })).inserted;
      }
      await ds.query('ANALYZE');
    });

    const incident = await incidents.create(
      incidentInputSchema.parse({ code: `BENCH-${process.pid}`, title: 'playback bench', level: 'II', startAt: new Date(startAt).toISOString(), endAt: new Date(endAt).toISOString() }),
    );
    for (const d of fleet) {
      await deployments.add(incident.id, deploymentInputSchema.parse({ deviceId: d.id, from: new Date(startAt).toISOString(), to: new Date(endAt).toISOString() }));
    }

    // Cold: the first seek at a fresh random T; warm: the same T again straight after.
    const cold: number[] = [];
    const warm: number[] = [];
    let devicesSeen = 0;
    for (let i = 0; i < SEEKS; i++) {
      const at = startAt + Math.floor(Math.random() * (endAt - startAt));
      const [first, coldMs] = await timed(() => state.stateAt(incident.id, at));
      if (!first) throw new Error('incident vanished');
      devicesSeen += first.devices.filter((d) => d.latest.length > 0).length;
      cold.push(coldMs);
      warm.push((await timed(() => state.stateAt(incident.id, at)))[1]);
    }

    // Replay: the page reader as fast as it goes over a media window starting at a random point.
    const scope = await new ReplayScopeRepository(ds).scope(incident.id);
    if (!scope) throw new Error('no replay scope');
    const from = startAt + Math.floor(Math.random() * Math.max(1, endAt - startAt - REPLAY_MEDIA_MS));
    const until = Math.min(endAt, from + REPLAY_MEDIA_MS);
    let delivered = 0;
    let pages = 0;
    const [, replayMs] = await timed(async () => {
      let after: ReplayCursor | null = { time: from };
      while (after) {
        const page = await replay.page(scope.windows, after, until);
        delivered += page.readings.length;
        pages++;
        after = page.next;
      }
    });
    const readRate = delivered / (replayMs / 1000);

    // The same at 64× through the real replay gateway: a Tianyan process and a Socket.IO client.
    const socketReplay = await measureSocketReplay(db.url, incident.id, from, SPEED, SOCKET_REPLAY_WALL_MS);
    const neededAt64 = (delivered / ((until - from) / 1000)) * SPEED;
    const generationHz = stored / ((endAt - startAt) / 1000) / DEVICES;

    const result = {
      bench: 'playback',
      smoke,
      backend: features.hasTimescale ? 'postgresql+timescaledb' : 'postgresql',
      hours: HOURS,
      devices: DEVICES,
      readings: stored,
      perDeviceHz: Number(generationHz.toFixed(3)),
      loadSeconds: Number((loadMs / 1000).toFixed(1)),
      seeks: SEEKS,
      seekColdP50Ms: Number(percentile(cold, 50).toFixed(1)),
      seekColdP99Ms: Number(percentile(cold, 99).toFixed(1)),
      seekWarmP50Ms: Number(percentile(warm, 50).toFixed(1)),
      seekWarmP99Ms: Number(percentile(warm, 99).toFixed(1)),
      replayReadingsPerS: Math.round(readRate),
      replayNeededAt64PerS: Math.round(neededAt64),
      replayMaxSpeed: Math.floor((readRate / neededAt64) * SPEED),
      socketReplayClockSpeed: Number(socketReplay.clockSpeed.toFixed(1)),
      socketReplayReadingsPerS: Math.round(socketReplay.readingsPerS),
      socketReplayBehindMs: Math.round(socketReplay.behindAtEndMs),
    };
    printTable(`Playback: ${HOURS < 1 ? `${HOURS * 60} min` : `${HOURS} h`} incident, ${DEVICES} devices, PostgreSQL`, [
      ['readings stored', stored],
      ['generation rate per device (Hz)', generationHz.toFixed(3)],
      ['load + ANALYZE (s)', loadMs / 1000],
      [`seek cold p50 / p99 (ms, ${SEEKS} random T)`, `${result.seekColdP50Ms} / ${result.seekColdP99Ms}`],
      ['seek warm p50 / p99 (ms, same T again)', `${result.seekWarmP50Ms} / ${result.seekWarmP99Ms}`],
      ['devices with a reading per seek (mean)', devicesSeen / SEEKS],
      [`replay page reader (${(until - from) / 60_000} media min, ${pages} pages)`, `${Math.round(readRate)} readings/s`],
      [`needed at ${SPEED}×`, `${Math.round(neededAt64)} readings/s`],
      ['fastest speed sustained', `${result.replayMaxSpeed}×`],
      [`Socket.IO replay at ${SPEED}× (${socketReplay.wallSeconds.toFixed(0)} s wall): clock speed`, `${result.socketReplayClockSpeed}×`],
      ['Socket.IO replay: readings delivered', `${result.socketReplayReadingsPerS} readings/s (${socketReplay.readings})`],
      ['Socket.IO replay: newest reading behind the clock at the end', `${result.socketReplayBehindMs} ms`],
    ]);
    console.log(JSON.stringify(result));
    if (!smoke && result.seekColdP99Ms > 300) console.warn('seek p99 above the 300 ms aim');
    if (readRate < neededAt64) console.warn(`the page reader does not sustain ${SPEED}×`);
  } finally {
    await ds.destroy();
    await db.drop();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
