import type { MultiPolygonCoordinates, SituationSnapshot } from '@tianyan/contracts';
import { jsonBytes } from '../alerts/json-pieces';
import { snapshotPieces } from './snapshot-pieces';

/** A circle-ish ring of `n` vertices with long, unrounded coordinates. */
function ring(n: number, lon = 114.123456789123, lat = 30.987654321987): MultiPolygonCoordinates {
  const pts = Array.from({ length: n }, (_, i) => [lon + 0.01 * Math.cos((2 * Math.PI * i) / n) + 1e-9, lat + 0.01 * Math.sin((2 * Math.PI * i) / n) + 1e-9]);
  return [[[...pts, pts[0]!]]];
}

function snapshot(plumes: number, vertices: number): SituationSnapshot {
  return {
    incidentId: 'i', drill: false, at: 1, windowS: 300, wind: null, receptors: [],
    thermal: { thresholdC: 60, polygon: ring(8), areaM2: 100, hottestC: 300, hottest: null, frames: 3, growthPctPerMin: null },
    plumes: Array.from({ length: plumes }, (_, k) => ({
      cas: `cas-${k}`, compound: `c${k}`, sampleCount: 1, deviceCount: 1, maxPpm: 1, extentAreaKm2: 1, centroid: null, drift: null, growthPctPerMin: null,
      zones: [{ band: 'extent' as const, level: 'blue' as const, thresholdPpm: 0.5, basis: '', polygon: ring(vertices), areaKm2: 1 }],
    })),
  };
}

/** What the database ends up with: the head with each append's items added to its array. */
function reassemble(head: SituationSnapshot, appends: { path: string[]; items: unknown[] }[]): SituationSnapshot {
  const doc = structuredClone(head) as unknown as Record<string, unknown>;
  for (const a of appends) {
    const parent = a.path.slice(0, -1).reduce((o, k) => o[k] as Record<string, unknown>, doc);
    (parent[a.path.at(-1)!] as unknown[]).push(...a.items);
  }
  return doc as unknown as SituationSnapshot;
}

describe('snapshotPieces', () => {
  it('rounds coordinates to 6 decimals and keeps a small snapshot whole', () => {
    const { head, appends, thinned } = snapshotPieces(snapshot(1, 10), 60_000);
    expect(appends).toEqual([]);
    expect(thinned).toBe(0);
    expect(head.plumes[0]!.zones[0]!.polygon[0]![0]![0]).toEqual([114.133457, 30.987654]);
  });

  it('splits many plumes into pieces that each fit, and they add up to the whole', () => {
    const whole = snapshot(12, 300);
    const { head, appends, thinned } = snapshotPieces(whole, 30_000);
    expect(thinned).toBe(0);
    expect(appends.length).toBeGreaterThan(0);
    for (const piece of [head, ...appends.map((a) => a.items)]) expect(jsonBytes(piece)).toBeLessThanOrEqual(30_000);
    expect(reassemble(head, appends).plumes.map((p) => p.cas)).toEqual(whole.plumes.map((p) => p.cas));
  });

  it('thins the rings of a plume too large for one statement until it fits, still closed', () => {
    const { head, appends, thinned } = snapshotPieces(snapshot(1, 4000), 30_000);
    expect(thinned).toBeGreaterThan(0);
    const body = reassemble(head, appends);
    const r = body.plumes[0]!.zones[0]!.polygon[0]![0]!;
    expect(r.length).toBeLessThan(4000);
    expect(r[0]).toEqual(r.at(-1));
    for (const piece of [head, ...appends.map((a) => a.items)]) expect(jsonBytes(piece)).toBeLessThanOrEqual(30_000);
  });
});
