import { buildTopic, parseDeviceMessage, type SeriesResponse } from '@tianyan/contracts';
import { ReadingStore } from '@tianyan/storage';
import { makeDroneTelemetry } from '@tianyan/testing';
import { TEST_BACKEND, useApiStack } from './test-stack';

const MINUTE = 60_000;

describe(`GET /api/devices/:id/series source (${TEST_BACKEND} servers)`, () => {
  const stack = useApiStack();
  const base = Math.floor((Date.now() - 3 * 3600_000) / 3600_000) * 3600_000;
  const from = new Date(base).toISOString();
  const to = new Date(base + 2 * 3600_000).toISOString();
  const series = async (bucket: string): Promise<SeriesResponse> => {
    const res = await stack.api.fetch(`/api/devices/ds-drone/series?stream=drone/telemetry&field=altM&from=${from}&to=${to}&bucket=${bucket}`);
    expect(res.status).toBe(200);
    return (await res.json()) as SeriesResponse;
  };

  beforeAll(async () => {
    // Two hours at one reading a minute, straight into storage (ingest is tested elsewhere).
    const readings = Array.from({ length: 120 }, (_, i) => {
      const payload = JSON.stringify(makeDroneTelemetry({ ts: base + i * MINUTE + 500, seq: i, altM: 100 + i }));
      return parseDeviceMessage(buildTopic('drone', 'ds-drone', 'telemetry'), payload, Date.now()).readings[0]!;
    });
    await stack.api.app.get(ReadingStore).write({ readings, quarantine: [], devices: [{ id: 'ds-drone', kind: 'drone', autoProvisioned: true }] });
  });

  it('says whether points came from the rollups, raw buckets or raw readings', async () => {
    const zoomedOut = await series('auto');
    expect(zoomedOut).toMatchObject({ bucketMs: 15_000, source: 'buckets' }); // 2 h / 600 points: below a minute
    const hourly = await series('3600000');
    expect(hourly.source).toBe(TEST_BACKEND === 'embedded' ? 'rollup' : 'buckets');
    expect(hourly.points).toEqual([
      { t: base, value: 129.5, min: 100, max: 159, count: 60 },
      { t: base + 3600_000, value: 189.5, min: 160, max: 219, count: 60 },
    ]);
    const raw = await series('raw');
    expect(raw.source).toBe('raw');
    expect(raw.points).toHaveLength(120);
  });
});
