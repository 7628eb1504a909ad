import booleanIntersects from '@turf/boolean-intersects';
import { polygon as turfPolygon } from '@turf/helpers';
import type { MqttClient } from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { createScenario, PLUME_EXTENT_PPM, type GroundTruth } from '@tianyan/simulator';
import type { ClientToServerEvents, Incident, MultiPolygonCoordinates, Receptor, ReceptorImportResult, ServerToClientEvents, SituationSeriesPoint, SituationSnapshot } from '@tianyan/contracts';
import { polygonIoU } from '@tianyan/situation';
import { DeviceRepository } from '@tianyan/storage';
import { pollUntil } from '@tianyan/testing';
import { AlertRecorder } from '../src/alerts/alert-recorder.service';
import { SITUATION_BAND_OVERRIDES } from '../src/situation/situation-band-overrides';
import { SituationService } from '../src/situation/situation.service';
import { listAlerts } from './alert-helpers';
import { connectPublisher } from './device-publisher';
import { startTestApp, startTestServers, type TestApp, type TestServers } from './test-stack';

const MINUTE = 60_000;
const MINUTES = 16;
/** The orbiting drone (thermal), both spectrometers crossing the plume at 500 m and 1.3 km, and the plume-mapping UAV's. */
const DEVICES: Array<{ id: string; kind: 'drone' | 'ms' }> = [{ id: 'drone-01', kind: 'drone' }, { id: 'ms-01', kind: 'ms' }, { id: 'ms-02', kind: 'ms' }, { id: 'ms-03', kind: 'ms' }];

/** [lon, lat] `distM` metres from `from` along compass bearing `deg` (flat earth: a few km at most). */
function offset(from: { lat: number; lon: number }, deg: number, distM: number): [number, number] {
  const a = (deg * Math.PI) / 180;
  const dLat = (distM * Math.cos(a)) / 111_320;
  const dLon = (distM * Math.sin(a)) / (111_320 * Math.cos((from.lat * Math.PI) / 180));
  return [from.lon + dLon, from.lat + dLat];
}

/** A square of side 2·half metres around a [lon, lat] centre, as a closed GeoJSON ring. */
function square(c: [number, number], half: number): number[][] {
  const centre = { lon: c[0], lat: c[1] };
  const [n, e, s, w] = [offset(centre, 0, half)[1], offset(centre, 90, half)[0], offset(centre, 180, half)[1], offset(centre, 270, half)[0]];
  return [[w, s], [e, s], [e, n], [w, n], [w, s]];
}

/** The truth's outline ([lat, lon] pairs) as GeoJSON; empty when the plume is below the extent threshold. */
function truthPolygon(pairs: Array<[number, number]>): MultiPolygonCoordinates {
  if (pairs.length < 3) return [];
  const ring = pairs.map(([lat, lon]) => [lon, lat]);
  return [[[...ring, ring[0]!]]];
}

/** The truth sample (each virtual minute) in force at device time `at`. */
function truthAt(truth: GroundTruth, at: number): GroundTruth['plume'][number] | undefined {
  return truth.plume.filter((p) => p.ts <= at).at(-1);
}

/** Whether the ground truth has the receptor ring inside the extent of any released compound at `at`. */
function truthInside(truth: GroundTruth, at: number, ring: number[][]): boolean {
  const sample = truthAt(truth, at);
  return (sample?.extents ?? []).some((e) => {
    const poly = truthPolygon(e.polygon);
    return poly.length > 0 && booleanIntersects(turfPolygon([ring]), turfPolygon(poly[0]!));
  });
}

describe('situation picture of a scenario recorded through the real pipeline (issue 8)', () => {
  let servers: TestServers;
  let api: TestApp;
  let device: MqttClient;
  let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  const updates: SituationSnapshot[] = [];
  let incident: Incident;
  let truth: GroundTruth;
  let start: number;
  let inside: Receptor;
  let outside: Receptor;
  let insideRing: number[][];
  let outsideRing: number[][];

  beforeAll(async () => {
    start = Date.now() - (MINUTES + 10) * MINUTE;
    const scenario = createScenario('chemical-plant-fire', { seed: 42, startTime: start });
    const events = scenario.advanceTo(start + MINUTES * MINUTE);
    truth = scenario.groundTruth();
    // Contour the extent where the ground truth draws it, and nothing else (as the analytics' own ground-truth test).
    const released = truth.sources.flatMap((s) => s.compounds.map((c) => c.cas));
    const bandOverrides = Object.fromEntries(released.map((cas) => [cas, { extent: PLUME_EXTENT_PPM, aegl1: null, aegl2: null, aegl3: null }]));

    servers = await startTestServers();
    api = await startTestApp(servers, {
      // The timer runs too, but the test drives rounds itself after each committed minute.
      env: { INGEST_AUTO_PROVISION: 'on', SITUATION_INTERVAL_S: '2' },
      overrides: [{ provide: SITUATION_BAND_OVERRIDES, useValue: bandOverrides }],
    });
    device = await connectPublisher(servers);
    for (const d of DEVICES) await api.app.get(DeviceRepository).register({ id: d.id, kind: d.kind, autoProvisioned: true });

    const created = await api.fetch('/api/incidents', { method: 'POST', body: JSON.stringify({ code: 'T-SITUATION', title: 'plant fire', level: 'II', startAt: new Date(start).toISOString() }) });
    expect(created.status).toBe(201);
    incident = (await created.json()) as Incident;
    for (const d of DEVICES) {
      const res = await api.fetch(`/api/incidents/${incident.id}/deployments`, { method: 'POST', body: JSON.stringify({ deviceId: d.id, from: new Date(start).toISOString() }) });
      expect(res.status).toBe(201);
    }

    // Receptors: a village on the plume axis where the foot team crosses (500 m downwind), and a school 2 km upwind.
    const fire = truth.sources[0]!.points[0]!;
    const fromDeg = truth.plume.reduce((sum, p) => sum + p.windFromDeg, 0) / truth.plume.length;
    insideRing = square(offset(fire, (fromDeg + 180) % 360, 500), 150);
    outsideRing = square(offset(fire, fromDeg, 2000), 100);
    const upload = await api.fetch('/api/receptors/import', {
      method: 'POST',
      body: JSON.stringify({
        geojson: {
          type: 'FeatureCollection',
          features: [
            { type: 'Feature', properties: { name: 'Xiaohe village', kind: 'village', population: 1200 }, geometry: { type: 'Polygon', coordinates: [insideRing] } },
            { type: 'Feature', properties: { name: 'Upwind primary school', kind: 'school', population: 640, phone: '027-1234' }, geometry: { type: 'Polygon', coordinates: [outsideRing] } },
          ],
        },
      }),
    });
    expect(upload.status).toBe(201);
    [inside, outside] = ((await upload.json()) as ReceptorImportResult).created as [Receptor, Receptor];

    socket = io(api.baseUrl, { transports: ['websocket'], reconnection: false, auth: { token: await api.adminToken() } });
    socket.on('situation:update', (s) => updates.push(s));
    await new Promise<void>((resolve, reject) => socket.on('connect', resolve).on('connect_error', reject));

    const situation = api.app.get(SituationService);
    await situation.refreshScope();
    const messages = events.flatMap((e) => (e.type === 'publish' && DEVICES.some((d) => d.id === e.deviceId) ? [e] : []));
    const committed = async () => ((await (await api.fetch('/api/ingest/stats')).json()) as { messagesCommitted: number }).messagesCommitted;
    let sent = await committed();
    // Minute by minute, so the picture is taken as the incident unfolds; two rounds: one may have begun before the commit.
    for (let m = 1; m <= MINUTES; m++) {
      const minute = messages.filter((e) => e.t >= start + (m - 1) * MINUTE && e.t < start + m * MINUTE);
      for (let i = 0; i < minute.length; i += 200) await Promise.all(minute.slice(i, i + 200).map((e) => device.publishAsync(e.topic, e.payload, { qos: 1 })));
      sent += minute.length;
      await pollUntil(committed, (n) => n >= sent, { timeoutMs: 60_000, what: `minute ${m} committed` });
      await situation.tick();
      await situation.tick();
    }
    await api.app.get(AlertRecorder).settled();
    await pollUntil(async () => updates.filter((u) => u.incidentId === incident.id).length, (n) => n >= MINUTES - 3, { timeoutMs: 10_000, what: 'situation:update events' });
  }, 300_000);

  afterAll(async () => {
    socket?.disconnect();
    await device?.endAsync();
    await api?.close();
    await servers?.stop();
  });

  const stored = async () =>
    (await api.app.get(DataSource).query('SELECT (extract(epoch FROM at) * 1000)::float8 AS at, body FROM situation_snapshots WHERE incident_id = $1 ORDER BY at', [incident.id])) as { at: number; body: SituationSnapshot }[];

  it('stores a snapshot per round at its device time, later each time, and publishes each on room `situation`', async () => {
    const rows = await stored();
    expect(rows.length).toBeGreaterThanOrEqual(MINUTES - 3);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.at).toBeGreaterThan(rows[i - 1]!.at);
    for (const r of rows) {
      expect(r.body.at).toBe(r.at);
      expect(r.at).toBeGreaterThanOrEqual(start);
      expect(r.at).toBeLessThanOrEqual(start + MINUTES * MINUTE);
    }
    const live = updates.filter((u) => u.incidentId === incident.id);
    expect(live.map((u) => u.at)).toEqual(rows.map((r) => r.at));
    // The room is for signed-in sockets only: the live gateway's sign-in check covers this gateway too.
    const stranger = io(api.baseUrl, { transports: ['websocket'], reconnection: false });
    await expect(new Promise((resolve, reject) => stranger.on('connect', () => resolve('connected')).on('connect_error', (e) => reject(e)))).rejects.toThrow(/unauthorized/);
    stranger.disconnect();
    // The fire flares and fades: some pictures have zones, every one judges both receptors.
    expect(rows.some((r) => r.body.plumes.some((p) => p.zones.length > 0))).toBe(true);
    for (const r of rows) expect(r.body.receptors.map((x) => x.receptorId).sort()).toEqual([inside.id, outside.id].sort());
  });

  it('seek returns the latest snapshot at or before T exactly as stored, and null before any reading', async () => {
    const rows = await stored();
    const middle = rows[Math.floor(rows.length / 2)]!;
    const seek = async (at: number) => {
      const res = await api.fetch(`/api/incidents/${incident.id}/situation?at=${at}`);
      expect(res.status).toBe(200);
      return (await res.json()) as SituationSnapshot | null;
    };
    expect(await seek(middle.at)).toEqual(middle.body);
    expect(await seek(middle.at + 1)).toEqual(middle.body);
    expect(await seek(start - 1)).toBeNull(); // no reading yet: nothing to picture
    expect((await api.fetch(`/api/incidents/${incident.id}/situation?at=yesterday`)).status).toBe(400);

    const series = (await (await api.fetch(`/api/incidents/${incident.id}/situation/series?from=${start}&to=${start + MINUTES * MINUTE}`)).json()) as SituationSeriesPoint[];
    expect(series.map((p) => p.at)).toEqual(rows.map((r) => r.at));
    expect(series.map((p) => p.extentAreaKm2)).toEqual(rows.map((r) => Object.fromEntries(r.body.plumes.map((p) => [p.cas, p.extentAreaKm2]))));
    expect(series.map((p) => p.thermalAreaM2)).toEqual(rows.map((r) => r.body.thermal?.areaM2 ?? null));
  });

  it('pictures an incident defined after the fact from the stored readings: the same plume the live service stored', async () => {
    const rows = await stored();
    const live = rows.filter((r) => r.body.plumes.some((p) => p.zones.length > 0)).at(-1)!;
    const created = await api.fetch('/api/incidents', {
      method: 'POST',
      body: JSON.stringify({ code: 'T-AFTERWARDS', title: 'defined afterwards', level: 'III', startAt: new Date(start).toISOString(), endAt: new Date(start + MINUTES * MINUTE).toISOString() }),
    });
    const afterwards = (await created.json()) as Incident;
    for (const d of DEVICES) {
      await api.fetch(`/api/incidents/${afterwards.id}/deployments`, { method: 'POST', body: JSON.stringify({ deviceId: d.id, from: new Date(start).toISOString() }) });
    }
    const res = await api.fetch(`/api/incidents/${afterwards.id}/situation?at=${live.at}`);
    const recomputed = (await res.json()) as SituationSnapshot;
    expect(recomputed).toMatchObject({ incidentId: afterwards.id, at: live.at, recomputed: true });
    for (const plume of live.body.plumes.filter((p) => p.zones.length > 0)) {
      const again = recomputed.plumes.find((p) => p.cas === plume.cas)!;
      expect(again.zones.map((z) => z.band)).toEqual(plume.zones.map((z) => z.band));
      expect(polygonIoU(again.zones[0]!.polygon, plume.zones[0]!.polygon)).toBeGreaterThan(0.9);
    }
    expect(recomputed.receptors.map((r) => [r.receptorId, r.inside?.band ?? null])).toEqual(live.body.receptors.map((r) => [r.receptorId, r.inside?.band ?? null]));
  });

  it('raises exactly one receptor alert, for the receptor the ground truth has inside the plume, when it is inside', async () => {
    const rows = await stored();
    // Ground truth first: the village is inside the plume during the run, the school never.
    expect(rows.some((r) => truthInside(truth, r.at, insideRing))).toBe(true);
    expect(rows.some((r) => truthInside(truth, r.at, outsideRing))).toBe(false);

    const alerts = (await listAlerts(api)).filter((a) => a.ruleKind === 'receptor');
    expect(alerts.map((a) => a.subject)).toEqual([inside.id]);
    const [alert] = alerts;
    expect(alert).toMatchObject({ deviceId: null, level: 'blue', title: expect.stringContaining('Xiaohe village') });
    // It starts at a picture that had the village inside, at a time the truth has it inside too.
    const first = rows.find((r) => r.at === alert!.firstReadingAt)!;
    expect(first.body.receptors.find((r) => r.receptorId === inside.id)?.inside).toMatchObject({ band: 'extent', level: 'blue' });
    expect(truthInside(truth, first.at, insideRing)).toBe(true);
    expect(rows.every((r) => r.body.receptors.find((s) => s.receptorId === outside.id)?.inside === null)).toBe(true);

    // How close the picture is to the truth (asserted by the analytics' own test, printed here).
    const area = (r: (typeof rows)[number]) => r.body.plumes.find((p) => p.cas === '71-43-2')?.extentAreaKm2 ?? 0;
    const widest = rows.reduce((a, b) => (area(b) > area(a) ? b : a)).body;
    const sample = truthAt(truth, widest.at)!;
    const ious = sample.extents.map((e) => {
      const ours = widest.plumes.find((p) => p.cas === e.cas)?.zones.find((z) => z.band === 'extent')?.polygon ?? [];
      return `${e.name} ${polygonIoU(ours, truthPolygon(e.polygon)).toFixed(2)}`;
    });
    console.log(`situation: ${rows.length} snapshots; extent IoU vs truth at the widest benzene picture (minute ${((widest.at - start) / MINUTE).toFixed(1)}): ${ious.join(', ')}`);
  });

  it('lists receptors to viewers, refuses a bad file with every problem, deletes for commanders', async () => {
    const list = (await (await api.fetch('/api/receptors')).json()) as Receptor[];
    expect(list.map((r) => r.name)).toEqual(['Xiaohe village', 'Upwind primary school']);
    expect(list[1]).toMatchObject({ kind: 'school', population: 640, properties: { phone: '027-1234' } });

    const bad = await api.fetch('/api/receptors/import', {
      method: 'POST',
      body: JSON.stringify({
        geojson: {
          type: 'FeatureCollection',
          features: [
            { type: 'Feature', properties: { name: 'Intake', kind: 'water-intake' }, geometry: { type: 'Point', coordinates: [114.3, 30.6] } },
            { type: 'Feature', properties: { kind: 'hospital' }, geometry: { type: 'Point', coordinates: [114.3, 30.6] } },
            { type: 'Feature', properties: { name: 'Open ring' }, geometry: { type: 'Polygon', coordinates: [[[114.3, 30.6], [114.31, 30.6], [114.31, 30.61], [114.3, 30.61]]] } },
          ],
        },
      }),
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { message: string[] };
    expect(body.message).toHaveLength(2);
    expect(body.message[0]).toMatch(/^feature 1: properties\.name/);
    expect(body.message[1]).toMatch(/^feature 2 \(Open ring\): geometry\.coordinates\.0: the ring must end where it starts/);
    expect(((await (await api.fetch('/api/receptors')).json()) as Receptor[]).length).toBe(2);

    expect((await api.fetch(`/api/receptors/${outside.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api.fetch(`/api/receptors/${outside.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(((await (await api.fetch('/api/receptors')).json()) as Receptor[]).map((r) => r.id)).toEqual([inside.id]);
  });

  it('takes the wind a commander reports for the incident into the next picture, and forgets it on request', async () => {
    const wind = (body: unknown) => api.fetch(`/api/incidents/${incident.id}/situation/wind`, { method: 'PUT', body: JSON.stringify(body) });
    expect((await wind({ fromDeg: 400 })).status).toBe(400);
    expect((await wind({ fromDeg: 135.5, speedMs: 3.2 })).status).toBe(200);
    const situation = api.app.get(SituationService);
    await situation.tick();
    const last = (await stored()).at(-1)!.body;
    expect(last.wind).toEqual({ fromDeg: 135.5, speedMs: 3.2, source: 'incident' });
    expect(updates.at(-1)!.wind).toEqual(last.wind);
    expect((await api.fetch(`/api/incidents/${incident.id}/situation/wind`, { method: 'DELETE' })).status).toBe(204);
    expect((await api.fetch(`/api/incidents/${incident.id}/situation/wind`, { method: 'DELETE' })).status).toBe(404);
    await situation.tick();
    expect((await stored()).at(-1)!.body.wind?.source ?? null).not.toBe('incident');
  });
});
