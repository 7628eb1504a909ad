import area from '@turf/area';
import { multiPolygon } from '@turf/helpers';
import { parseDeviceMessage, type DeviceReading, type MultiPolygonCoordinates, type SituationSnapshot } from '@tianyan/contracts';
import { PLUME_EXTENT_PPM } from '@tianyan/simulator';
import { runFor, T0 } from '../../../simulator/src/testing/run-scenario';
import { polygonIoU } from '../polygon-iou';
import { SituationAnalyzer } from '../situation-analyzer';
import { surveyedIoU } from './surveyed-iou';

export const BENZENE = '71-43-2';
export const WINDOW_S = 300;

export function truthPolygon(pairs: Array<[number, number]>): MultiPolygonCoordinates {
  if (pairs.length < 3) return [];
  const ring = pairs.map(([lat, lon]) => [lon, lat]);
  return [[[...ring, ring[0]!]]];
}

/**
 * The seeded chemical-plant fire, every emitted reading fed to the analyzer, a snapshot every 20 s,
 * and per minute the benzene picture beside the simulator's ground truth: the full-plume IoU and the
 * IoU where the window's samples were (surveyedIoU). No met input: "downwind" comes from the plume
 * axis. The extent band is at the truth's threshold, the other bands off.
 */
export function plantFireVsTruth(minutes: number, opts: { seed?: number; dispersionFit?: boolean } = {}) {
  const { scenario, events } = runFor('chemical-plant-fire', minutes, opts.seed === undefined ? {} : { seed: opts.seed });
  const truth = scenario.groundTruth();
  const readings: DeviceReading[] = [];
  for (const e of events) if (e.type === 'publish') readings.push(...parseDeviceMessage(e.topic, e.payload, e.t + 200).readings);
  readings.sort((a, b) => a.time - b.time);
  const released = truth.sources.flatMap((s) => s.compounds.map((c) => c.cas));
  const bandOverrides = Object.fromEntries(released.map((cas) => [cas, { extent: PLUME_EXTENT_PPM, aegl1: null, aegl2: null, aegl3: null }]));
  const surveys = readings.filter((r) => r.stream === 'ms/survey').map((r) => ({ t: r.time, lat: (r.data as { lat: number }).lat, lon: (r.data as { lon: number }).lon }));

  const analyzer = new SituationAnalyzer({ windowS: WINDOW_S, downwindDistanceM: 2000, thermalThresholdC: 60, bandOverrides, dispersionFit: opts.dispersionFit });
  const byMinute = new Map<number, SituationSnapshot>();
  let fed = 0;
  for (let t = T0 + 20_000; t <= T0 + minutes * 60_000; t += 20_000) {
    while (fed < readings.length && readings[fed]!.time <= t) analyzer.add(readings[fed++]!);
    const snap = analyzer.snapshot({ incidentId: 'fire', drill: false, receptors: [], wind: null });
    if ((t - T0) % 60_000 === 0) byMinute.set((t - T0) / 60_000, snap);
  }

  const benzeneExtent = (minute: number) => truth.plume.find((p) => p.ts === T0 + minute * 60_000)?.extents.find((e) => e.cas === BENZENE)?.polygon ?? [];
  const rows = [...byMinute].flatMap(([minute, snap]) => {
    const tp = truth.plume.find((p) => p.ts === T0 + minute * 60_000);
    const ex = tp?.extents.find((e) => e.cas === BENZENE);
    if (!tp || !ex) return [];
    const plume = snap.plumes.find((p) => p.cas === BENZENE);
    const ours = plume?.zones.find((z) => z.band === 'extent')?.polygon ?? [];
    const truthPoly = truthPolygon(ex.polygon);
    const inWindow = surveys.filter((s) => s.t <= snap.at && s.t > snap.at - WINDOW_S * 1000);
    const surveyed = surveyedIoU(ours, truthPoly, inWindow, 60);
    const truthAreaKm2 = truthPoly.length > 0 ? area(multiPolygon(truthPoly)) / 1e6 : 0;
    return [{ minute, ex, snap, tp, plume, truthPoly, truthAreaKm2, iou: polygonIoU(ours, truthPoly), surveyed, strength: truth.sources[0]!.strength[minute]!.relative }];
  });
  return { truth, rows, benzeneExtent };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
