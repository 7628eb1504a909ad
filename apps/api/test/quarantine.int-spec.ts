import { DataSource } from 'typeorm';
import type { Page, QuarantineEntry } from '@tianyan/contracts';
import { makeDroneTelemetry, makeDroneThermal, makeMsIdentification, makeMsSurvey, makeObdInspection, makeStatus, pollUntil } from '@tianyan/testing';
import { publishJson } from './device-publisher';
import { startTestApp, TEST_BACKEND, useApiStack } from './test-stack';

/** Fifty different ways a device message can be wrong, each with the reason it must be kept under. */
function malformedMessages(): { topic: string; payload: string | Buffer; reason: RegExp }[] {
  const t = (channel: string, kind = 'drone', id = `bad-${kind}`) => `tianyan/v1/${kind}/${id}/${channel}`;
  const json = (o: unknown) => JSON.stringify(o);
  const cases: { topic: string; payload: string | Buffer; reason: RegExp }[] = [
    { topic: t('telemetry'), payload: '{"ts": 1, "seq":', reason: /not valid JSON/ },
    { topic: t('telemetry'), payload: 'NaN', reason: /not valid JSON/ },
    { topic: t('telemetry'), payload: '{"ts": NaN, "seq": 1}', reason: /not valid JSON/ },
    { topic: t('telemetry'), payload: '', reason: /not valid JSON/ },
    { topic: t('telemetry'), payload: Buffer.from([0xff, 0xfe, 0x00, 0x41]), reason: /UTF-8/ },
    { topic: t('telemetry'), payload: 'x'.repeat(300 * 1024), reason: /exceeds/ },
    { topic: t('telemetry'), payload: '[]', reason: /empty array/ },
    { topic: t('telemetry'), payload: '42', reason: /expected object/ },
    { topic: 'tianyan/v1/boat/B1/telemetry', payload: json(makeDroneTelemetry()), reason: /unknown device kind/ },
    { topic: 'tianyan/v2/drone/bad-drone/telemetry', payload: json(makeDroneTelemetry()), reason: /unsupported contract version/ },
    { topic: 'tianyan/v1/drone/bad-drone/sonar', payload: json(makeDroneTelemetry()), reason: /unknown channel/ },
    { topic: 'tianyan/v1/drone/bad-1', payload: json(makeDroneTelemetry()), reason: /topic must be/ },
    { topic: 'tianyan/v1/drone/bad-drone/telemetry/extra', payload: json(makeDroneTelemetry()), reason: /topic must be/ },
    { topic: 'tianyan/v1/drone/bad.id/telemetry', payload: json(makeDroneTelemetry()), reason: /invalid device id/ },
    { topic: 'tianyan/v1/ms/bad-ms/telemetry', payload: json(makeDroneTelemetry()), reason: /unknown channel/ },
    { topic: t('telemetry'), payload: json(makeDroneTelemetry({ lat: '30.6' })), reason: /lat/ },
    { topic: t('telemetry'), payload: json(makeDroneTelemetry({ lat: 95 })), reason: /lat/ },
    { topic: t('telemetry'), payload: json(makeDroneTelemetry({ lon: -181 })), reason: /lon/ },
    { topic: t('telemetry'), payload: json(makeDroneTelemetry({ batteryPct: 101 })), reason: /batteryPct/ },
    { topic: t('telemetry'), payload: json(makeDroneTelemetry({ relAltM: 5000 })), reason: /relAltM/ },
    { topic: t('telemetry'), payload: json(makeDroneTelemetry({ groundSpeedMs: 80 })), reason: /groundSpeedMs/ },
    { topic: t('telemetry'), payload: json(makeDroneTelemetry({ mode: 'barrel-roll' })), reason: /mode/ },
    { topic: t('telemetry'), payload: json(makeDroneTelemetry({ satellites: 2.5 })), reason: /satellites/ },
    { topic: t('telemetry'), payload: json(makeDroneTelemetry({ seq: -3 })), reason: /seq/ },
    { topic: t('telemetry'), payload: json(makeDroneTelemetry({ seq: 'one' })), reason: /seq/ },
    { topic: t('telemetry'), payload: json(makeDroneTelemetry({ ts: 'yesterday' })), reason: /ts/ },
    { topic: t('telemetry'), payload: json(makeDroneTelemetry({ ts: '2026-11-23T08:00:00' })), reason: /ts/ },
    { topic: t('telemetry'), payload: json(makeDroneTelemetry({ ts: Date.now() + 3_600_000 })), reason: /clock skew/ },
    { topic: t('telemetry'), payload: json(makeDroneTelemetry({ ts: 86_400_000 })), reason: /ts/ },
    { topic: t('telemetry'), payload: json({ seq: 1, lat: 30, lon: 114 }), reason: /ts/ },
    { topic: t('thermal'), payload: json(makeDroneThermal({ gainMode: 'high' })), reason: /high-gain range/ },
    { topic: t('thermal'), payload: json(makeDroneThermal({ tMinC: 50, tMeanC: 40 })), reason: /tMinC ≤ tMeanC/ },
    { topic: t('thermal'), payload: json(makeDroneThermal({ frame: { w: 8, h: 4, scaleC: 0.01, offsetC: -273.15, data: 'AAAA' } })), reason: /frame.data/ },
    { topic: t('thermal'), payload: json(makeDroneThermal({ hotspot: { x: 50, y: 2, lat: 30.6, lon: 114.2, tempC: 300 } })), reason: /hotspot/ },
    { topic: t('survey', 'ms'), payload: json(makeMsSurvey({ tic: -1 })), reason: /tic/ },
    { topic: t('survey', 'ms'), payload: json(makeMsSurvey({ gases: [{ cas: '71-43-3', name: 'benzene', value: 1, unit: 'ppm' }] })), reason: /CAS check digit/ },
    { topic: t('survey', 'ms'), payload: json(makeMsSurvey({ gases: [{ cas: '71-43-2', name: 'benzene', value: -2, unit: 'ppm' }] })), reason: /value/ },
    { topic: t('survey', 'ms'), payload: json(makeMsSurvey({ gases: [{ cas: '71-43-2', name: 'benzene', value: 2, unit: 'percent' }] })), reason: /unit/ },
    { topic: t('identification', 'ms'), payload: json(makeMsIdentification({ compounds: [{ cas: '71-43-2', name: 'benzene', concentration: 1, unit: 'ppm', matchFactor: 1200, retentionTimeS: 100 }] })), reason: /matchFactor/ },
    { topic: t('identification', 'ms'), payload: json(makeMsIdentification({ compounds: [{ cas: '71-43-2', name: 'benzene', concentration: 1, unit: 'ppm', matchFactor: 900, retentionTimeS: 4000 }] })), reason: /retentionTimeS/ },
    { topic: t('identification', 'ms'), payload: json(makeMsIdentification({ runId: '' })), reason: /runId/ },
    { topic: t('inspection', 'obd'), payload: json(makeObdInspection({ vin: '1M8GDM9A1KP042788' })), reason: /VIN check digit/ },
    { topic: t('inspection', 'obd'), payload: json(makeObdInspection({ vin: 'IM8GDM9AXKP042788' })), reason: /VIN must be 17/ },
    { topic: t('inspection', 'obd'), payload: json(makeObdInspection({ ureaPct: 55 })), reason: /ureaPct/ },
    { topic: t('inspection', 'obd'), payload: json(makeObdInspection({ opacity: { kM1: [0.2, 0.3, 12] } })), reason: /opacity/ },
    { topic: t('inspection', 'obd'), payload: json(makeObdInspection({ noxPpm: 5000 })), reason: /noxPpm/ },
    { topic: t('inspection', 'obd'), payload: json(makeObdInspection({ lat: 51.5, lon: -0.12 })), reason: /lat|lon/ },
    { topic: t('inspection', 'obd'), payload: json(makeObdInspection({ obd: { commOk: true, dtcs: ['X1234'] } })), reason: /obd/ },
    { topic: t('status', 'obd'), payload: json(makeStatus({ state: 'sleeping' })), reason: /state/ },
    { topic: t('status', 'obd'), payload: json(makeStatus({ batteryPct: -4 })), reason: /batteryPct/ },
  ];
  return cases;
}

describe(`malformed messages are quarantined with a reason, never lost (${TEST_BACKEND} servers)`, () => {
  const stack = useApiStack();

  it('keeps 50 malformed messages in quarantine and stores the valid ones sent between them', async () => {
    const bad = malformedMessages();
    expect(bad).toHaveLength(50);
    const t0 = Date.now() - 60_000;
    for (const [i, message] of bad.entries()) {
      await stack.device.publishAsync(message.topic, message.payload, { qos: 1 });
      await publishJson(stack.device, 'tianyan/v1/drone/good-1/telemetry', makeDroneTelemetry({ ts: t0 + i * 1000, seq: i }));
    }
    const page = await pollUntil(
      async () => (await (await stack.api.fetch(`/api/quarantine?limit=100`)).json()) as Page<QuarantineEntry>,
      (p) => p.total >= 50,
      { what: '50 quarantine rows' },
    );
    expect(page.total).toBe(50);
    const byTopicOrder = [...page.items].sort((a, b) => Number(a.id) - Number(b.id));
    byTopicOrder.forEach((entry, i) => {
      expect({ i, topic: entry.topic, reason: entry.reason }).toEqual({ i, topic: bad[i]!.topic, reason: expect.stringMatching(bad[i]!.reason) });
    });
    const oversize = byTopicOrder[5]!;
    expect(oversize).toMatchObject({ payloadBytes: 300 * 1024, truncated: true });
    const invalidUtf8 = byTopicOrder[4]!;
    expect(invalidUtf8).toMatchObject({ payloadEncoding: 'base64', payload: Buffer.from([0xff, 0xfe, 0x00, 0x41]).toString('base64') });

    const db = stack.api.app.get(DataSource);
    const stored = await pollUntil(
      async () => Number((await db.query(`SELECT count(*)::int AS n FROM drone_telemetry WHERE device_id = 'good-1'`))[0].n),
      (n) => n === 50,
      { what: '50 valid readings' },
    );
    expect(stored).toBe(50);
    const health = await fetch(`${stack.api.baseUrl}/health`);
    expect(health.status).toBe(200);
  });

  it('quarantines messages of unknown devices when auto-provisioning is off', async () => {
    await stack.api.close();
    stack.api = await startTestApp(stack.servers, { env: { INGEST_AUTO_PROVISION: 'off', MQTT_CLIENT_ID: 'tianyan-ingest-strict' } });
    await publishJson(stack.device, 'tianyan/v1/drone/stranger-1/telemetry', makeDroneTelemetry());
    await publishJson(stack.device, 'tianyan/v1/drone/good-1/telemetry', makeDroneTelemetry({ seq: 500 }));
    const page = await pollUntil(
      async () => (await (await stack.api.fetch(`/api/quarantine?deviceId=stranger-1`)).json()) as Page<QuarantineEntry>,
      (p) => p.total === 1,
      { what: 'unknown device quarantined' },
    );
    expect(page.items[0]!.reason).toMatch(/unknown device "stranger-1"/);
    const db = stack.api.app.get(DataSource);
    await pollUntil(async () => Number((await db.query(`SELECT count(*)::int AS n FROM drone_telemetry WHERE device_id = 'good-1'`))[0].n), (n) => n === 51);
  });
});
