import { gunzipSync, gzipSync } from 'node:zlib';
import { buildTopic, deploymentInputSchema, incidentInputSchema, parseDeviceMessage, type Alert, type DeviceReading, type ReplayAlertEvent } from '@tianyan/contracts';
import { DeploymentRepository, IncidentRepository, IncidentStateRepository, ReadingStore, ReplayReadingRepository } from '@tianyan/storage';
import { makeDroneTelemetry, makeDroneThermal, makeMsIdentification, makeMsSurvey, makeStatus } from '@tianyan/testing';
import { AlertEngineService } from '../src/alerts/alert-engine.service';
import { AlertRecorder } from '../src/alerts/alert-recorder.service';
import { createPerson, detailOf, type Person } from './alert-helpers';
import { startTestApp, startTestServers, useApiStack, type TestApp, type TestServers } from './test-stack';

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function reading(topic: string, payload: Record<string, unknown>): DeviceReading {
  const parsed = parseDeviceMessage(topic, JSON.stringify(payload), (payload.ts as number) + 100);
  if (!parsed.readings[0]) throw new Error(JSON.stringify(parsed.rejects));
  return parsed.readings[0];
}

async function csv(who: Person, path: string): Promise<{ header: string; rows: string[]; text: string }> {
  const res = await who.fetch(path);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text}`);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  expect(text.endsWith('\r\n')).toBe(true);
  const [header, ...rows] = text.slice(0, -2).split('\r\n');
  return { header: header!, rows, text };
}

describe('incident archive: CSV per stream, archive export, import into a fresh database', () => {
  // No periodic checks during the test: the readings are 3 h old, so they would raise (and keep
  // refreshing) offline alerts on both instances while the two are compared.
  const QUIET = { INGEST_AUTO_PROVISION: 'on', ALERTS_CHECK_INTERVAL_S: '3600' };
  const stack = useApiStack(QUIET);
  let viewer: Person;
  let incidentId: string;
  const base = Math.floor((Date.now() - 3 * 60 * MINUTE) / MINUTE) * MINUTE;
  const drone = `exp-uav-${process.pid}`;
  const ms = `exp-ms-${process.pid}`;
  const all: DeviceReading[] = [];
  // Windows: the drone [base, base+5 min), the spectrometer from base+2 min to the incident's end (base+10 min).
  const inWindow = (r: DeviceReading) =>
    r.deviceId === drone ? r.time >= base && r.time < base + 5 * MINUTE : r.time >= base + 2 * MINUTE && r.time < base + 10 * MINUTE;

  beforeAll(async () => {
    viewer = await createPerson(stack.api, 'export-viewer', 'viewer');
    // Every minute from 2 min before to 2 min after the incident, off the window edges.
    for (let i = -2; i < 12; i++) {
      const ts = base + i * MINUTE + 30_000;
      const seq = i + 10;
      all.push(
        reading(buildTopic('drone', drone, 'telemetry'), makeDroneTelemetry({ ts, seq, lat: 30.6 + i / 1000 })),
        reading(buildTopic('drone', drone, 'thermal'), makeDroneThermal({ ts, seq })),
        reading(buildTopic('drone', drone, 'status'), makeStatus({ ts, seq })),
        reading(buildTopic('ms', ms, 'survey'), makeMsSurvey({ ts: ts + 1000, seq, gases: i % 2 === 0
          ? [{ cas: '7783-06-4', name: 'hydrogen sulfide', value: 10 + i, unit: 'ppm' }]
          : [{ cas: '107-06-2', name: '1,2-dichloroethane', value: 2, unit: 'ppm' }, { cas: '7783-06-4', name: 'hydrogen sulfide', value: 3, unit: 'ppm' }] })),
        reading(buildTopic('ms', ms, 'identification'), makeMsIdentification({ ts: ts + 2000, seq, runId: `RUN-${seq}`, compounds: [
          { cas: '107-06-2', name: '1,2-dichloroethane', concentration: 4, unit: 'ppm', matchFactor: 800, retentionTimeS: 120 },
          { cas: '71-43-2', name: 'benzene', concentration: 12.5, unit: 'ppm', matchFactor: 912, retentionTimeS: 184.2, ions: [[78, 100], [77, 24]] },
        ] })),
        reading(buildTopic('ms', ms, 'status'), makeStatus({ ts: ts + 3000, seq })),
      );
    }
    const app = stack.api.app;
    await app.get(ReadingStore).write({
      readings: all, quarantine: [],
      devices: [{ id: drone, kind: 'drone', autoProvisioned: true }, { id: ms, kind: 'ms', autoProvisioned: true }],
    });
    const incident = await app.get(IncidentRepository).create(incidentInputSchema.parse({
      code: `EXP-${process.pid}`, title: 'export', level: 'III', startAt: iso(base), endAt: iso(base + 10 * MINUTE),
    }));
    incidentId = incident.id;
    const deployments = app.get(DeploymentRepository);
    await deployments.add(incidentId, deploymentInputSchema.parse({ deviceId: drone, from: iso(base), to: iso(base + 5 * MINUTE) }));
    await deployments.add(incidentId, deploymentInputSchema.parse({ deviceId: ms, from: iso(base + 2 * MINUTE) }));
  });

  it('exports each stream inside the deployment windows, in device-time order, with a header row', async () => {
    const expected = (streams: string[]) => all.filter((r) => streams.includes(r.stream) && inWindow(r)).sort((a, b) => a.time - b.time);
    const files = {
      'drone-telemetry': ['drone/telemetry'], 'drone-thermal': ['drone/thermal'], 'ms-survey': ['ms/survey'],
      'ms-identification': ['ms/identification'], 'obd-inspection': ['obd/inspection'], status: ['drone/status', 'ms/status'],
    };
    for (const [name, streams] of Object.entries(files)) {
      const { header, rows } = await csv(viewer, `/api/incidents/${incidentId}/export/${name}.csv`);
      expect(header.startsWith('device_id,time,seq,received_at,late,drill,quality')).toBe(true);
      const want = expected(streams);
      const perReading = name === 'ms-identification' ? 2 : 1;
      expect({ name, rows: rows.length }).toEqual({ name, rows: want.length * perReading });
      // Device id and device time of each row, against the stored readings in order.
      const keys = rows.map((row) => row.split(',').slice(0, 2).join(','));
      expect(keys).toEqual(want.flatMap((r) => Array<string>(perReading).fill(`${r.deviceId},${iso(r.time)}`)));
    }
    expect(expected(['drone/telemetry'])).toHaveLength(5);
    expect(expected(['ms/survey'])).toHaveLength(8);
  });

  it('gives surveys one ppm column per gas seen, leaves frames out and quotes fields with commas', async () => {
    const survey = await csv(viewer, `/api/incidents/${incidentId}/export/ms-survey.csv`);
    const columns = survey.header.split(',');
    expect(columns.filter((c) => c.endsWith(' ppm'))).toEqual(['7783-06-4 ppm', '107-06-2 ppm']);
    expect(columns).not.toContain('gases');
    // i = 2 (even, first in window): H2S 12 ppm, no dichloroethane.
    const first = survey.rows[0]!.split(',');
    expect([first[columns.indexOf('7783-06-4 ppm')], first[columns.indexOf('107-06-2 ppm')]]).toEqual(['12', '']);

    const thermal = await csv(viewer, `/api/incidents/${incidentId}/export/drone-thermal.csv`);
    expect(thermal.header.split(',')).toEqual(expect.arrayContaining(['tMaxC', 'hotspot']));
    expect(thermal.header).not.toMatch(/frame/);

    const gcms = await csv(viewer, `/api/incidents/${incidentId}/export/ms-identification.csv`);
    expect(gcms.header).toMatch(/compound_cas,compound_name,compound_concentration/);
    expect(gcms.text).toContain(',107-06-2,"1,2-dichloroethane",4,ppm,');
  });

  it('exports the archive: header, the readings in replay order as stored, gzip', async () => {
    const res = await viewer.fetch(`/api/incidents/${incidentId}/archive`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/gzip');
    expect(res.headers.get('content-disposition')).toContain(`tianyan-incident-EXP-${process.pid}.ndjson.gz`);
    const lines = gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const [header, ...rest] = lines;
    expect(header).toMatchObject({ format: 'tianyan-incident-archive', version: 1, incident: { id: incidentId, code: `EXP-${process.pid}` } });
    expect((header!.deployments as { deviceId: string }[]).map((d) => d.deviceId).sort()).toEqual([drone, ms].sort());
    expect(header!.devices).toEqual(expect.arrayContaining([{ id: drone, kind: 'drone' }, { id: ms, kind: 'ms' }]));
    // No rules ran (readings were written straight to the store): readings only, each exactly as stored.
    // Replay order: device time, then device id, stream and seq.
    const key = (r: DeviceReading) => `${String(r.time).padStart(15, '0')}|${r.deviceId}|${r.stream}|${String(r.seq).padStart(10, '0')}`;
    const want = all.filter(inWindow).sort((a, b) => (key(a) < key(b) ? -1 : 1));
    expect(rest).toHaveLength(want.length);
    expect(rest.map((r) => `${r.time as number}|${r.deviceId as string}|${r.stream as string}`)).toEqual(want.map((r) => `${r.time}|${r.deviceId}|${r.stream}`));
    const stored = new Map(want.map((r) => [`${r.deviceId}|${r.stream}|${r.seq}`, r]));
    for (const r of rest) expect(r).toEqual(JSON.parse(JSON.stringify(stored.get(`${r.deviceId as string}|${r.stream as string}|${r.seq as number}`))));
  });

  describe('imported into a fresh app and database', () => {
    let servers: TestServers;
    let fresh: TestApp;
    let archive: Buffer;
    const importArchive = (body: Buffer) => fresh.fetch('/api/incidents/import', { method: 'POST', body, headers: { 'content-type': 'application/gzip' } });
    /** The archive after its header; alert lines without `importedAt` (the one field an import adds). */
    const readingLines = async (app: TestApp, id: string) =>
      gunzipSync(Buffer.from(await (await app.fetch(`/api/incidents/${id}/archive`)).arrayBuffer())).toString('utf8').trimEnd().split('\n').slice(1)
        .map((line) => line.replace(/,"importedAt":"[^"]+"/, ''));

    /** What may differ between the source and the target: when the target imported it. */
    const live = ({ importedAt: _, ...a }: Alert) => a;
    const liveEvents = (events: ReplayAlertEvent[]) => events.map((e) => ({ ...e, alert: live(e.alert) }));
    const alertEvents = (app: TestApp) => app.app.get(ReplayReadingRepository).alertEvents([drone, ms], base - 1, base + 10 * MINUTE);
    let sourceEvents: ReplayAlertEvent[];

    beforeAll(async () => {
      // The source's rules now see the stored readings (3 h old): alerts with steps at device time,
      // and a person's step at server time on one of them.
      // The drone's from 2 min before the start (its hotspot alert is raised before the incident and
      // still open in it), the spectrometer's inside its window (alerts raised during the incident).
      const seen = all.filter((r) => r.deviceId === drone || inWindow(r)).sort((a, b) => a.time - b.time);
      stack.api.app.get(AlertEngineService).evaluate(seen);
      await stack.api.app.get(AlertRecorder).settled();
      sourceEvents = await alertEvents(stack.api);
      const operator = await createPerson(stack.api, 'export-operator', 'operator');
      const first = sourceEvents.find((e) => e.step.kind === 'raised')!;
      expect((await operator.act(first.alert.id, { action: 'acknowledge', note: 'seen on the survey' })).status).toBe(201);
      servers = await startTestServers();
      fresh = await startTestApp(servers, { env: QUIET });
      archive = Buffer.from(await (await viewer.fetch(`/api/incidents/${incidentId}/archive`)).arrayBuffer());
    });
    afterAll(async () => {
      await fresh?.close();
      await servers?.stop();
    });

    it('recreates the incident with the same readings in order and the same seek state; a second import adds no reading', async () => {
      const first = await importArchive(archive);
      const result = (await first.json()) as {
        incident: { id: string; code: string }; readings: { inserted: number; duplicates: number }; alertsImported: number; alertsSkipped: number; notes: string[];
      };
      expect(first.status).toBe(201);
      const count = all.filter(inWindow).length;
      expect(result.readings).toEqual({ inserted: count, duplicates: 0 });
      const alertLines = gunzipSync(archive).toString('utf8').split('\n').filter((l) => l.startsWith('{"alert"')).length;
      expect(result).toMatchObject({ alertsImported: alertLines, alertsSkipped: 0, attachmentsNotImported: 0 });
      expect(result.notes.join(' ')).toMatch(/history/);
      expect(result.incident.code).toBe(`EXP-${process.pid}`);
      expect(result.incident.id).not.toBe(incidentId);
      expect(await readingLines(fresh, result.incident.id)).toEqual(await readingLines(stack.api, incidentId));

      const state = (app: TestApp, id: string, at: number) => app.app.get(IncidentStateRepository).stateAt(id, at);
      // Within the incident: after its end the source database holds readings the archive leaves out.
      for (let at = base; at <= base + 10 * MINUTE; at += 75_000) {
        const [a, b] = [await state(stack.api, incidentId, at), await state(fresh, result.incident.id, at)];
        const comparable = (s: typeof a) => s!.devices.map((d) => ({ device: d.deployment.deviceId, from: d.deployment.from, to: d.deployment.to, latest: d.latest }));
        expect(comparable(b)).toEqual(comparable(a));
        expect(b!.alerts.map(live)).toEqual(a!.alerts.map(live));
        expect(b!.alerts.every((x) => typeof x.importedAt === 'string')).toBe(true);
      }
      expect((await state(fresh, result.incident.id, base + 10 * MINUTE))!.alerts.length).toBeGreaterThan(0);
      expect((await state(fresh, result.incident.id, base + 3 * MINUTE))!.devices).toHaveLength(2);

      const again = (await (await importArchive(archive)).json()) as typeof result;
      expect(again.readings).toEqual({ inserted: 0, duplicates: count });
      expect(again.incident.code).toBe(`EXP-${process.pid}-import`);
      expect(again).toMatchObject({ alertsImported: 0, alertsSkipped: result.alertsImported });
    });

    it('re-creates every alert with its steps in order, device times, actors and readings; replay gives the same alert events', async () => {
      const lines = gunzipSync(archive).toString('utf8').trimEnd().split('\n').filter((l) => l.startsWith('{"alert"'));
      const ids = lines.map((l) => (JSON.parse(l) as { alert: Alert }).alert.id);
      // Every alert with a step during the incident, and the hotspot one raised before it and still open.
      expect(ids).toEqual(expect.arrayContaining([...new Set(sourceEvents.map((e) => e.alert.id))]));
      const before = lines.map((l) => JSON.parse(l) as { alert: Alert; steps: { deviceAt?: string }[] }).filter((l) => Date.parse(l.steps[0]!.deviceAt!) < base);
      expect(before.map((l) => l.alert.subject)).toEqual(['hotspot']);
      expect(sourceEvents.map((e) => e.alert.id)).not.toContain(before[0]!.alert.id);
      expect(sourceEvents.every((e) => e.step.deviceAt !== null && e.at === Date.parse(e.step.deviceAt!) && e.at < base + 10 * MINUTE)).toBe(true);
      // Imported by the first test of this block: the target holds each alert as the source does.
      for (const id of ids) {
        const [a, b] = [await detailOf(stack.api, id), await detailOf(fresh, id)];
        expect(b.alert.importedAt).toEqual(expect.any(String));
        expect(live(b.alert)).toEqual(live(a.alert));
        expect(b.steps).toEqual(a.steps);
        expect(b.readings).toEqual(a.readings);
      }
      const acknowledged = await detailOf(fresh, sourceEvents.find((e) => e.step.kind === 'raised')!.alert.id);
      expect(acknowledged.alert.state).toBe('acknowledged');
      expect(acknowledged.steps.at(-1)).toMatchObject({ kind: 'acknowledge', actor: { username: 'export-operator' }, note: 'seen on the survey' });
      expect(acknowledged.steps.at(-1)!.deviceAt).toBeUndefined();

      const targetEvents = await alertEvents(fresh);
      expect(targetEvents.length).toBeGreaterThan(0);
      expect(liveEvents(targetEvents)).toEqual(liveEvents(await alertEvents(stack.api)));
      expect(targetEvents.map((e) => e.step.id)).toEqual(sourceEvents.map((e) => e.step.id));

      // History, not a live condition: no step can be taken on it here.
      const refused = await fresh.fetch(`/api/alerts/${acknowledged.alert.id}/actions`, { method: 'POST', body: JSON.stringify({ action: 'comment', note: 'x' }) });
      expect(refused.status).toBe(409);
      expect(await refused.text()).toMatch(/imported from an incident archive/);
    });

    it('refuses a malformed line with 400 and its number, leaving no incident behind', async () => {
      const lines = gunzipSync(archive).toString('utf8').split('\n');
      lines[3] = '{"deviceId": "exp-uav", "stream": ';
      const before = (await fresh.app.get(IncidentRepository).list()).length;
      const res = await importArchive(gzipSync(lines.join('\n')));
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/line 4: not JSON/);
      expect(await fresh.app.get(IncidentRepository).list()).toHaveLength(before);

      const notGzip = await importArchive(Buffer.from('plain text'));
      expect(notGzip.status).toBe(400);
      expect(await notGzip.text()).toMatch(/not a gzip archive/);
    });
  });

  it('refuses an unknown export with 400 and an unknown incident with 404', async () => {
    const bad = await viewer.fetch(`/api/incidents/${incidentId}/export/frames.csv`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/unknown export frames\.csv/);
    expect((await viewer.fetch('/api/incidents/00000000-0000-4000-8000-000000000000/export/status.csv')).status).toBe(404);
  });
});
