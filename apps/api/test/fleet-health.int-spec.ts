import type { FleetHealthEntry } from '@tianyan/contracts';
import { makeDroneTelemetry, makeMsSurvey, pollUntil } from '@tianyan/testing';
import { publishJson } from './device-publisher';
import { TEST_BACKEND, useApiStack } from './test-stack';

describe(`GET /api/fleet/health (${TEST_BACKEND} servers)`, () => {
  const stack = useApiStack();

  const health = async (): Promise<FleetHealthEntry[]> => (await (await stack.api.fetch(`/api/fleet/health`)).json()) as FleetHealthEntry[];

  it('counts late readings of the last 24 h and quarantined messages per device', async () => {
    const now = Date.now();
    // In time, then a store-and-forward replay of three readings (an array payload: late).
    await publishJson(stack.device, 'tianyan/v1/drone/fh-drone/telemetry', makeDroneTelemetry({ ts: now - 1000, seq: 10 }));
    await publishJson(stack.device, 'tianyan/v1/drone/fh-drone/telemetry', [1, 2, 3].map((i) => makeDroneTelemetry({ ts: now - 60_000 + i * 1000, seq: i })));
    await publishJson(stack.device, 'tianyan/v1/ms/fh-ms/survey', makeMsSurvey({ ts: now - 2000, seq: 5 }));
    // Two malformed messages of the spectrometer.
    await publishJson(stack.device, 'tianyan/v1/ms/fh-ms/survey', '{"ts": 1, "seq":');
    await publishJson(stack.device, 'tianyan/v1/ms/fh-ms/survey', JSON.stringify(makeMsSurvey({ tic: -1 })));

    const entries = await pollUntil(
      health,
      (list) => list.find((e) => e.deviceId === 'fh-drone')?.lateReadings === 3 && list.find((e) => e.deviceId === 'fh-ms')?.quarantined === 2,
      { what: 'late and quarantine counts' },
    );
    const drone = entries.find((e) => e.deviceId === 'fh-drone')!;
    const ms = entries.find((e) => e.deviceId === 'fh-ms')!;
    expect(drone).toEqual({ deviceId: 'fh-drone', quarantined: 0, lateReadings: 3, lastQuarantinedAt: null });
    expect(ms).toMatchObject({ deviceId: 'fh-ms', quarantined: 2, lateReadings: 0 });
    expect(Date.parse(ms.lastQuarantinedAt!)).toBeGreaterThan(now - 60_000);
  });

  it('needs a signed-in viewer', async () => {
    expect((await fetch(`${stack.api.baseUrl}/api/fleet/health`)).status).toBe(401);
  });

  it('lists a device id seen only in quarantine', async () => {
    await publishJson(stack.device, 'tianyan/v1/obd/fh-ghost/inspection', 'not json');
    const entries = await pollUntil(health, (list) => list.some((e) => e.deviceId === 'fh-ghost'), { what: 'quarantine-only device' });
    expect(entries.find((e) => e.deviceId === 'fh-ghost')).toMatchObject({ quarantined: 1, lateReadings: 0 });
  });
});
