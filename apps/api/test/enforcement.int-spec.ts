import type { AuditEntry, EnforcementSummary, FailedInspectionPage, Incident, ObdFailureKind, Page, RepeatOffender } from '@tianyan/contracts';
import { createScenario, type SimMessage, type VehicleTruth } from '@tianyan/simulator';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createPerson } from './alert-helpers';
import { publishAndCommit } from './scenario-publish';
import { useApiStack } from './test-stack';

const MINUTE = 60_000;
const PLAYED_MINUTES = 60;

/** What the shared verdict must find for each offender kind of the simulator (not-ready is a re-test, not a failure). */
const KINDS_OF: Record<NonNullable<VehicleTruth['offender']>, ObdFailureKind[]> = {
  'dpf-removed': ['opacity'],
  'scr-disabled': ['nox'],
  'urea-diluted': ['urea'],
  'mil-dtc': ['mil', 'dtc'],
  'obd-comm-failure': ['comm'],
  'not-ready': [],
};

const failing = (v: VehicleTruth) => v.offender !== null && KINDS_OF[v.offender].length > 0;
const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

describe('enforcement statistics of OBD stations match the seeded scenario’s ground truth', () => {
  const stack = useApiStack();
  let truth: VehicleTruth[];
  let retest: VehicleTruth;
  let retestAt: number;
  let incident: Incident;
  let stations: string[];

  const get = async <T>(path: string, status = 200): Promise<T> => {
    const res = await stack.api.fetch(path);
    const text = await res.text();
    if (res.status !== status) throw new Error(`GET ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };

  beforeAll(async () => {
    const startTime = Date.now() - (PLAYED_MINUTES + 10) * MINUTE;
    const scenario = createScenario('diesel-enforcement', { seed: 42, startTime });
    const messages = scenario.advanceTo(startTime + PLAYED_MINUTES * MINUTE).flatMap((e) => (e.type === 'publish' ? [e] : []));
    truth = scenario.groundTruth().vehicles;
    stations = [...new Set(truth.map((v) => v.stationId))].sort();
    // A re-test: the first failing truck comes back to the same station after the scenario, same readings.
    retest = truth.find(failing)!;
    const original = messages.find((m) => m.topic.includes('/inspection') && m.payload.includes(retest.vin))!;
    retestAt = startTime + (PLAYED_MINUTES + 1) * MINUTE;
    const again: SimMessage = { ...original, t: retestAt, payload: JSON.stringify({ ...(JSON.parse(original.payload) as object), ts: retestAt, seq: 1_000_000 }) };
    await publishAndCommit(stack, [...messages, again]);

    incident = (await (await stack.api.fetch('/api/incidents', {
      method: 'POST', body: JSON.stringify({ code: 'ENF-2026-01', title: 'Roadside diesel enforcement', level: 'IV', startAt: new Date(startTime - MINUTE).toISOString() }),
    })).json()) as Incident;
    for (const deviceId of stations) {
      const res = await stack.api.fetch(`/api/incidents/${incident.id}/deployments`, { method: 'POST', body: JSON.stringify({ deviceId, from: new Date(startTime - MINUTE).toISOString() }) });
      expect(res.status).toBe(201);
    }
  }, 120_000);

  it('counts inspected and failed vehicles, failures by kind and re-tests exactly as the ground truth lists them', async () => {
    const failed = truth.filter(failing);
    expect(failed.length).toBeGreaterThanOrEqual(3);
    const s = await get<EnforcementSummary>(`/api/enforcement/summary?incidentId=${incident.id}`);
    console.log(`diesel-enforcement ${PLAYED_MINUTES} min + 1 re-test: ${JSON.stringify(s.totals)}`);
    expect(s.limitSet).toBe('b');
    expect(s.totals).toMatchObject({
      inspections: truth.length + 1,
      inspectedVehicles: new Set(truth.map((v) => v.vin)).size,
      repeatInspections: 1,
      failedInspections: failed.length + 1,
      failedVehicles: failed.length,
      retestInspections: truth.filter((v) => v.offender === 'not-ready').length,
    });
    expect(s.totals.problemVehicleRate).toBeCloseTo(failed.length / truth.length, 10);
    const expectedKinds = new Map<ObdFailureKind, { inspections: number; vehicles: number }>();
    for (const v of failed) {
      for (const kind of KINDS_OF[v.offender!]) {
        const k = expectedKinds.get(kind) ?? { inspections: 0, vehicles: 0 };
        k.vehicles += 1;
        k.inspections += v.vin === retest.vin ? 2 : 1;
        expectedKinds.set(kind, k);
      }
    }
    expect(Object.fromEntries(s.totals.failuresByKind.map((k) => [k.kind, { inspections: k.inspections, vehicles: k.vehicles }]))).toEqual(Object.fromEntries(expectedKinds));
    // The whole table without an incident filter is the same data; an incident without deployments has none.
    expect((await get<EnforcementSummary>('/api/enforcement/summary')).totals).toEqual(s.totals);
    const empty = (await (await stack.api.fetch('/api/incidents', { method: 'POST', body: JSON.stringify({ code: 'ENF-EMPTY', title: 'Nothing deployed', level: 'IV', startAt: new Date().toISOString() }) })).json()) as Incident;
    expect((await get<EnforcementSummary>(`/api/enforcement/summary?incidentId=${empty.id}`)).totals).toMatchObject({ inspections: 0, inspectedVehicles: 0, problemVehicleRate: null, failuresByKind: [] });
  });

  it('groups per station, per day (UTC+8) and per incident', async () => {
    const byStation = await get<EnforcementSummary>(`/api/enforcement/summary?incidentId=${incident.id}&groupBy=station`);
    expect(byStation.groups.map((g) => g.key)).toEqual(stations);
    for (const g of byStation.groups) {
      const here = truth.filter((v) => v.stationId === g.key);
      const retests = g.key === retest.stationId ? 1 : 0;
      expect(g).toMatchObject({ inspections: here.length + retests, inspectedVehicles: here.length, failedVehicles: here.filter(failing).length });
    }
    const byDay = await get<EnforcementSummary>(`/api/enforcement/summary?groupBy=day`);
    const days = new Map<string, number>();
    for (const ts of [...truth.map((v) => v.ts), retestAt]) days.set(chinaDay(ts), (days.get(chinaDay(ts)) ?? 0) + 1);
    expect(byDay.timeZone).toBe('UTC+08:00');
    expect(byDay.groups.map((g) => [g.key, g.inspections])).toEqual([...days].sort());
    const byIncident = await get<EnforcementSummary>(`/api/enforcement/summary?groupBy=incident`);
    expect(byIncident.groups.map((g) => [g.key, g.incidentId, g.failedVehicles])).toEqual([['ENF-2026-01', incident.id, truth.filter(failing).length]]);
    const one = await get<EnforcementSummary>(`/api/enforcement/summary?stationId=${stations[0]}`);
    expect(one.totals.inspectedVehicles).toBe(truth.filter((v) => v.stationId === stations[0]).length);
  });

  it('lists the re-tested offender once, with two failed inspections', async () => {
    const repeat = await get<RepeatOffender[]>(`/api/enforcement/repeat-offenders?incidentId=${incident.id}`);
    expect(repeat).toEqual([
      {
        vehicleKey: retest.vin, vin: retest.vin, plates: [retest.plate], inspections: 2, failedInspections: 2, stations: [retest.stationId],
        firstFailedAt: new Date(retest.ts).toISOString(), lastFailedAt: new Date(retestAt).toISOString(),
      },
    ]);
  });

  it('pages failed inspections with their evidence; the failed VINs are the ground truth’s offenders', async () => {
    const items: FailedInspectionPage['items'] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const page: FailedInspectionPage = await get<FailedInspectionPage>(`/api/enforcement/failed-vehicles?incidentId=${incident.id}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      items.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    }
    const failed = truth.filter(failing);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil((failed.length + 1) / 2));
    expect(items.map((i) => i.vin).sort()).toEqual([...failed.map((v) => v.vin), retest.vin].sort());
    for (const item of items) {
      const v = truth.find((t) => t.vin === item.vin)!;
      expect([...item.kinds].filter((k) => k !== 'notReady').sort()).toEqual([...KINDS_OF[v.offender!]].sort());
      expect(item).toMatchObject({ stationId: v.stationId, plate: v.plate, incidentCode: 'ENF-2026-01', limitSet: 'b' });
    }
    const opacity = items.find((i) => i.kinds.includes('opacity'));
    if (opacity) expect(opacity.reasons.find((r) => r.kind === 'opacity')).toMatchObject({ limit: 0.7, value: opacity.measured.meanK });
  });

  it('exports the failed inspections as CSV with a BOM, one row each with the limits applied, and audits the export', async () => {
    const res = await stack.api.fetch(`/api/enforcement/failed-vehicles.csv?incidentId=${incident.id}`, { headers: { 'user-agent': 'enforcement-test' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1).trimEnd().split('\r\n');
    const header = lines[0]!.split(',');
    expect(header).toEqual(expect.arrayContaining(['vin', 'plate', 'failure_kinds', 'opacity_limit_k_m1', 'nox_limit_ppm', 'urea_min_pct', 'reading_seq']));
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(truth.filter(failing).length + 1);
    const col = (name: string) => header.indexOf(name);
    for (const row of rows) {
      expect(row[col('opacity_limit_k_m1')]).toBe('0.7');
      expect(row[col('nox_limit_ppm')]).toBe('900');
      expect(truth.some((v) => v.vin === row[col('vin')] && v.plate === row[col('plate')])).toBe(true);
    }
    expect(rows.filter((r) => r[col('vin')] === retest.vin).map((r) => r[col('reading_seq')])).toContain('1000000');
    const audit = (await get<Page<AuditEntry>>('/api/audit?action=enforcement.export')).items;
    expect(audit[0]).toMatchObject({ actorName: 'admin', targetType: 'enforcement', targetId: incident.id, userAgent: 'enforcement-test' });
  });

  it('is readable by any signed-in viewer, closed to anonymous callers, and answers 400 to bad query parameters', async () => {
    const viewer = await createPerson(stack.api, 'enf-viewer', 'viewer');
    expect((await viewer.fetch('/api/enforcement/summary?groupBy=station')).status).toBe(200);
    expect((await viewer.fetch('/api/enforcement/failed-vehicles.csv')).status).toBe(200);
    expect((await globalThis.fetch(`${stack.api.baseUrl}/api/enforcement/summary`)).status).toBe(401);
    const bad: Array<[string, RegExp]> = [
      ['summary?groupBy=week', /groupBy/],
      ['summary?from=yesterday', /from: "yesterday" is not an ISO 8601 time/],
      ['summary?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', /from must be before to/],
      ['summary?incidentId=ENF-2026-01', /incidentId/],
      ['summary?station=obd-01', /station/],
      ['repeat-offenders?limitSet=c', /limitSet/],
      ['failed-vehicles?limit=0', /limit/],
      ['failed-vehicles?cursor=nonsense', /cursor/],
      ['failed-vehicles.csv?includeDrill=yes', /includeDrill/],
    ];
    for (const [query, message] of bad) {
      const res = await stack.api.fetch(`/api/enforcement/${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(((await res.json()) as { message: string[] }).message.join('; ')).toMatch(message);
    }
  });

  it('is documented in OpenAPI with its query parameters', () => {
    const doc = SwaggerModule.createDocument(stack.api.app, new DocumentBuilder().build());
    const summary = doc.paths['/api/enforcement/summary']?.get;
    expect(summary?.tags).toEqual(['enforcement']);
    expect(summary?.parameters?.map((p) => ('name' in p ? p.name : '')).sort()).toEqual(['from', 'groupBy', 'incidentId', 'includeDrill', 'limitSet', 'stationId', 'to']);
    for (const path of ['repeat-offenders', 'failed-vehicles', 'failed-vehicles.csv']) expect(doc.paths[`/api/enforcement/${path}`]?.get).toBeDefined();
  });
});
