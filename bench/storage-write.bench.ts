/**
 * Rows/s of ReadingStore.write for 20k mixed readings, on the embedded PGlite + TimescaleDB and on
 * the machine's PostgreSQL (TEST_PG_URL or postgres://postgres@127.0.0.1:5432/postgres).
 * Run: npm run build:server && node dist/bench/storage-write.bench.js
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadConfig, type TianyanConfig } from '@tianyan/config';
import { buildTopic, parseDeviceMessage, type ChannelOf, type DeviceKind, type DeviceReading } from '@tianyan/contracts';
import { EMBEDDED_MAX_STATEMENT_BYTES, startEmbeddedDatabase } from '@tianyan/embedded';
import { createStorageDataSource, DeviceRepository, QuarantineRepository, ReadingStore, StorageFeatures, type DeviceUpsert } from '@tianyan/storage';
import { makeDroneTelemetry, makeDroneThermal, makeMsIdentification, makeMsSurvey, makeObdInspection, makeStatus, makeThermalFrame } from '@tianyan/testing';

const TOTAL = 20_000;
const BATCH = 2_000;

function reading<K extends DeviceKind>(kind: K, id: string, channel: ChannelOf<K>, payload: Record<string, unknown>): DeviceReading {
  const parsed = parseDeviceMessage(buildTopic(kind, id, channel), JSON.stringify(payload), Date.now());
  if (!parsed.readings[0]) throw new Error(JSON.stringify(parsed.rejects));
  return parsed.readings[0];
}

/** A fleet's mix: mostly telemetry and survey, some thermal (one in five with an 80×64 frame). */
function mixedReadings(): DeviceReading[] {
  const frame = makeThermalFrame(80, 64, 29000);
  const t0 = Date.now() - 3_600_000;
  return Array.from({ length: TOTAL }, (_, i) => {
    const ts = t0 + i * 100;
    const n = i % 100;
    const dev = (k: string) => `bench-${k}-${i % 20}`;
    if (n < 55) return reading('drone', dev('drone'), 'telemetry', makeDroneTelemetry({ ts, seq: i }));
    if (n < 65) return reading('drone', dev('drone'), 'thermal', makeDroneThermal(n < 57 ? { ts, seq: i, frame, hotspot: { x: 5, y: 2, lat: 30.61, lon: 114.26, tempC: 312.8 } } : { ts, seq: i, frame: undefined }));
    if (n < 90) return reading('ms', dev('ms'), 'survey', makeMsSurvey({ ts, seq: i }));
    if (n < 92) return reading('ms', dev('ms'), 'identification', makeMsIdentification({ ts, seq: i }));
    if (n < 95) return reading('obd', dev('obd'), 'inspection', makeObdInspection({ ts, seq: i }));
    return reading('drone', dev('drone'), 'status', makeStatus({ ts, seq: i }));
  });
}

async function measure(name: string, config: TianyanConfig, readings: DeviceReading[]): Promise<void> {
  const dataSource = await createStorageDataSource(config);
  const devices = new DeviceRepository(dataSource, config);
  const features = await StorageFeatures.detect(dataSource);
  const store = new ReadingStore(dataSource, devices, new QuarantineRepository(dataSource, config), features, config);
  const upserts: DeviceUpsert[] = [...new Map(readings.map((r) => [r.deviceId, { id: r.deviceId, kind: r.kind, autoProvisioned: true }])).values()];
  const started = performance.now();
  let inserted = 0;
  for (let i = 0; i < readings.length; i += BATCH) {
    inserted += (await store.write({ readings: readings.slice(i, i + BATCH), quarantine: [], devices: upserts })).inserted;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`${name} (${features.copyFromStdin ? 'COPY' : 'unnest'}): ${inserted} rows in ${seconds.toFixed(2)} s = ${Math.round(inserted / seconds)} rows/s (batches of ${BATCH})`);
  await dataSource.destroy();
}

const withConfig = (url: string, poolSize: number, maxStatementBytes?: number): TianyanConfig => {
  const c = loadConfig({ DATABASE_URL: url, DB_POOL_SIZE: String(poolSize) });
  return { ...c, database: { ...c.database, maxStatementBytes: maxStatementBytes ?? c.database.maxStatementBytes } };
};

export async function main(): Promise<void> {
  const readings = mixedReadings();

  const dataDir = await mkdtemp(join(tmpdir(), 'tianyan-bench-'));
  const embedded = await startEmbeddedDatabase({ port: 0, dataDir });
  try {
    await measure('embedded PGlite+TimescaleDB', withConfig(embedded.url, 1, EMBEDDED_MAX_STATEMENT_BYTES), readings);
  } finally {
    await embedded.stop();
    await rm(dataDir, { recursive: true, force: true });
  }

  const adminUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `tianyan_bench_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    await measure('PostgreSQL 15 (plain)', withConfig(url.toString(), 4), readings);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
