import { createHash } from 'node:crypto';
import type { DeviceReading, Receptor, SituationSnapshot } from '@tianyan/contracts';
import type { SituationAnalyzer } from '../situation-analyzer';

const RECEPTORS: Receptor[] = [
  { id: 'r1', name: 'school', kind: 'school', population: 400, createdAt: '2024-06-01T00:00:00Z', geometry: { type: 'Point', coordinates: [114.2712, 30.6101] } },
  { id: 'r2', name: 'village', kind: 'village', population: 1200, createdAt: '2024-06-01T00:00:00Z', geometry: { type: 'Point', coordinates: [114.26, 30.605] } },
];

/**
 * Feeds the readings to the analyzer (through `add`, or `feed` when given) and takes a snapshot after
 * each index in `snapshotAfter`, every other one with a given wind; returned as JSON would carry them.
 */
export function mixedIncidentSnapshots(analyzer: SituationAnalyzer, scenario: { readings: DeviceReading[]; snapshotAfter: Set<number> }, feed: (r: DeviceReading) => void = (r) => analyzer.add(r)): SituationSnapshot[] {
  const out: SituationSnapshot[] = [];
  scenario.readings.forEach((r, i) => {
    feed(r);
    if (!scenario.snapshotAfter.has(i)) return;
    const wind = out.length % 2 === 1 ? { fromDeg: 250, speedMs: 3 } : null;
    out.push(JSON.parse(JSON.stringify(analyzer.snapshot({ incidentId: 'i', drill: false, receptors: RECEPTORS, wind }))) as SituationSnapshot);
  });
  return out;
}

/** A snapshot as a digest (the full JSON is ~50 kB) plus the figures that tell which part differs. */
export function snapshotDigest(s: SituationSnapshot): { sha256: string; at: number; thermal: [number, number, number] | null; plumeSamples: number[] } {
  return {
    sha256: createHash('sha256').update(JSON.stringify(withoutIdwEstimate(s))).digest('hex'),
    at: s.at,
    thermal: s.thermal ? [s.thermal.areaM2, s.thermal.frames, s.thermal.hottestC] : null,
    plumeSamples: s.plumes.map((p) => p.sampleCount),
  };
}

/**
 * The snapshot as the expected digests were taken, before plumes said how they were estimated: an
 * interpolated plume's `estimate` is dropped. A fitted one is kept, so a fit changes the digest.
 */
function withoutIdwEstimate(s: SituationSnapshot): SituationSnapshot {
  return { ...s, plumes: s.plumes.map(({ estimate, ...p }) => (estimate?.method === 'idw' ? p : { ...p, estimate })) };
}
