import type { AlertLevel, PlumeBand, Receptor, SituationSnapshot } from '@tianyan/contracts';
import { AlertTracker } from '../alert-tracker';
import type { Finding } from '../finding';
import { storedRule } from '../testing/test-rule';
import { ReceptorRule } from './receptor.rule';

const LEVEL: Record<PlumeBand, AlertLevel> = { extent: 'blue', aegl1: 'yellow', aegl2: 'orange', aegl3: 'red' };
const school: Receptor = { id: 'r-school', name: 'No. 2 school', kind: 'school', geometry: { type: 'Point', coordinates: [114.3, 30.6] }, population: 800, createdAt: '2025-06-01T00:00:00.000Z' };
const village: Receptor = {
  id: 'r-village', name: 'Xiaohe', kind: 'village', population: 1200, createdAt: '2025-06-01T00:00:00.000Z',
  geometry: { type: 'Polygon', coordinates: [[[114.3, 30.6], [114.32, 30.6], [114.32, 30.62], [114.3, 30.62], [114.3, 30.6]]] },
};

/** A picture where the given receptors lie in the given bands of benzene (null: outside). */
function snapshot(at: number, bands: Record<string, PlumeBand | null>, o: { incidentId?: string; drill?: boolean } = {}): SituationSnapshot {
  const zones = (['aegl2', 'aegl1', 'extent'] as const).map((band) => ({ band, level: LEVEL[band], thresholdPpm: { extent: 0.5, aegl1: 52, aegl2: 800, aegl3: 4000 }[band], basis: `${band} basis`, polygon: [], areaKm2: 0.1 }));
  return {
    incidentId: o.incidentId ?? 'inc-1', drill: o.drill ?? false, at, windowS: 300, wind: null, thermal: null,
    plumes: [{ cas: '71-43-2', compound: 'benzene', sampleCount: 10, deviceCount: 2, maxPpm: 900, zones, extentAreaKm2: 0.1, centroid: null, drift: null, growthPctPerMin: null }],
    receptors: Object.entries(bands).map(([receptorId, band]) => ({
      receptorId, name: receptorId, kind: 'school', downwind: false, distanceM: band ? 0 : 300,
      inside: band ? { cas: '71-43-2', band, level: LEVEL[band] } : null,
    })),
  };
}

function judge(rule: ReceptorRule, snapshots: SituationSnapshot[], receptors: Receptor[] = [school]): Finding[] {
  const out: Finding[] = [];
  rule.judge(snapshots, receptors, out);
  return out;
}

describe('ReceptorRule', () => {
  it('reports entering a zone and a higher band, not staying or falling back, and clears on leaving', () => {
    const rule = new ReceptorRule(storedRule({ kind: 'receptor', name: 'Receptors' }, { id: 'rule-r' }));
    // First sight outside: a clear (after a restart it closes the condition of a receptor that left meanwhile).
    expect(judge(rule, [snapshot(1000, { 'r-school': null })]).map((f) => f.status)).toEqual(['clear']);
    expect(judge(rule, [snapshot(2000, { 'r-school': null })])).toEqual([]);
    const [entered] = judge(rule, [snapshot(3000, { 'r-school': 'extent' })]);
    expect(entered).toMatchObject({
      ruleId: 'rule-r', ruleKind: 'receptor', deviceId: null, deviceKind: null, subject: 'r-school', status: 'level', level: 'blue', at: 3000, lat: 30.6, lon: 114.3, reading: null,
      title: 'No. 2 school (school) inside the benzene extent zone (≥ 0.5 ppm)',
      measure: { value: 0.5, limit: 0.5, unit: 'ppm', basis: 'extent basis', facts: { incidentId: 'inc-1', cas: '71-43-2', band: 'extent', population: 800 } },
    });
    expect(judge(rule, [snapshot(4000, { 'r-school': 'extent' })])).toEqual([]);
    expect(judge(rule, [snapshot(5000, { 'r-school': 'aegl2' })])).toMatchObject([{ status: 'level', level: 'orange', title: expect.stringContaining('AEGL-2 zone (≥ 800 ppm)') }]);
    expect(judge(rule, [snapshot(6000, { 'r-school': 'aegl1' })])).toEqual([]);
    expect(judge(rule, [snapshot(7000, { 'r-school': null })])).toMatchObject([{ status: 'clear', level: null, at: 7000 }]);
    expect(judge(rule, [snapshot(8000, { 'r-school': 'aegl1' })])).toMatchObject([{ status: 'level', level: 'yellow' }]);
    // The last open incident closed: no picture left, the receptor is outside every zone.
    expect(judge(rule, [])).toMatchObject([{ status: 'clear', at: 8000 }]);
    expect(judge(rule, [])).toEqual([]);
  });

  it('counts a receptor at its highest band over every open incident, a real incident before a drill', () => {
    const rule = new ReceptorRule(storedRule({ kind: 'receptor', name: 'Receptors' }));
    const findings = judge(rule, [snapshot(1000, { 'r-school': 'aegl1' }, { incidentId: 'drill', drill: true }), snapshot(900, { 'r-school': 'aegl1' }, { incidentId: 'real' })]);
    expect(findings).toMatchObject([{ level: 'yellow', drill: false, at: 900, measure: { facts: { incidentId: 'real' } } }]);
    expect(judge(rule, [snapshot(2000, { 'r-school': 'aegl1' }, { incidentId: 'drill', drill: true }), snapshot(2000, { 'r-school': null }, { incidentId: 'real' })])).toEqual([]);
  });

  it('ignores bands below minBand, and places an area receptor at its mean vertex', () => {
    const rule = new ReceptorRule(storedRule({ kind: 'receptor', name: 'Only AEGL-2 and up', minBand: 'aegl2' }));
    expect(judge(rule, [snapshot(1000, { 'r-village': 'aegl1' })], [village]).map((f) => f.status)).toEqual(['clear']);
    const [f] = judge(rule, [snapshot(2000, { 'r-village': 'aegl2' })], [village]);
    expect(f).toMatchObject({ status: 'level', level: 'orange' });
    expect(f!.lon).toBeCloseTo(114.31, 10);
    expect(f!.lat).toBeCloseTo(30.61, 10);
  });

  it('through the tracker: one alert per receptor, escalated, cleared, returning to the same alert', () => {
    const rule = new ReceptorRule(storedRule({ kind: 'receptor', name: 'Receptors' }));
    const tracker = new AlertTracker({ refreshMs: 5000, newId: () => 'alert-1' });
    const steps = [
      snapshot(1000, { 'r-school': null }), snapshot(2000, { 'r-school': 'extent' }), snapshot(3000, { 'r-school': 'aegl1' }),
      snapshot(4000, { 'r-school': null }), snapshot(5000, { 'r-school': 'extent' }),
    ];
    const changes = steps.map((s, i) => tracker.apply(judge(rule, [s]), i * 10_000).map((c) => c.type));
    expect(changes).toEqual([[], ['raise'], ['escalate'], ['clear'], ['return']]);
    expect(tracker.openCount).toBe(1);
  });
});
