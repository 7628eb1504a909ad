import distance from '@turf/distance';
import { parseDeviceMessage, type DeviceReading, type MultiPolygonCoordinates, type SituationSnapshot } from '@tianyan/contracts';
import { PLUME_EXTENT_PPM } from '@tianyan/simulator';
import { runFor, T0 } from '../../simulator/src/testing/run-scenario';
import { polygonIoU } from './polygon-iou';
import { SituationAnalyzer } from './situation-analyzer';
import { surveyedIoU } from './testing/surveyed-iou';

const MINUTES = 40;
const WINDOW_S = 300;
const BENZENE = '71-43-2';

function truthPolygon(pairs: Array<[number, number]>): MultiPolygonCoordinates {
  if (pairs.length < 3) return [];
  const ring = pairs.map(([lat, lon]) => [lon, lat]);
  return [[[...ring, ring[0]!]]];
}

function angleDiff(a: number, b: number): number {
  return Math.abs(((a - b + 540) % 360) - 180);
}

/**
 * The seeded chemical-plant fire, every emitted reading fed to the analyzer, the picture compared
 * with the simulator's ground truth minute by minute. The two spectrometers walk/drive fixed
 * crosswind transects 500 m and 1300 m downwind, so a 5-minute window sees the ~1 km × 150 m plume
 * only where and when a transect crosses it: the full-plume IoU is bounded by that coverage (printed),
 * and the extent is scored against the truth inside the surveyed corridor (60 m around the samples).
 */
describe('situation vs the simulator ground truth (chemical-plant-fire, seed 42)', () => {
  const { scenario, events } = runFor('chemical-plant-fire', MINUTES);
  const truth = scenario.groundTruth();
  const readings: DeviceReading[] = [];
  for (const e of events) if (e.type === 'publish') readings.push(...parseDeviceMessage(e.topic, e.payload, e.t + 200).readings);
  readings.sort((a, b) => a.time - b.time);
  const released = truth.sources.flatMap((s) => s.compounds.map((c) => c.cas));
  // Extent at the truth's threshold; the other bands off so it is the outermost zone of every compound.
  const bandOverrides = Object.fromEntries(released.map((cas) => [cas, { extent: PLUME_EXTENT_PPM, aegl1: null, aegl2: null, aegl3: null }]));
  const surveys = readings.filter((r) => r.stream === 'ms/survey').map((r) => ({ t: r.time, lat: (r.data as { lat: number }).lat, lon: (r.data as { lon: number }).lon }));

  // No met input: the wind for "downwind" must come from the plume axis (fire → plume centroid).
  const analyzer = new SituationAnalyzer({ windowS: WINDOW_S, downwindDistanceM: 2000, thermalThresholdC: 60, bandOverrides });
  const byMinute = new Map<number, SituationSnapshot>();
  let fed = 0;
  for (let t = T0 + 20_000; t <= T0 + MINUTES * 60_000; t += 20_000) {
    while (fed < readings.length && readings[fed]!.time <= t) analyzer.add(readings[fed++]!);
    const snap = analyzer.snapshot({ incidentId: 'fire', drill: false, receptors: [], wind: null });
    if ((t - T0) % 60_000 === 0) byMinute.set((t - T0) / 60_000, snap);
  }

  const rows = [...byMinute].flatMap(([minute, snap]) => {
    const tp = truth.plume.find((p) => p.ts === T0 + minute * 60_000);
    const ex = tp?.extents.find((e) => e.cas === BENZENE);
    if (!tp || !ex) return [];
    const plume = snap.plumes.find((p) => p.cas === BENZENE);
    const ours = plume?.zones.find((z) => z.band === 'extent')?.polygon ?? [];
    const truthPoly = truthPolygon(ex.polygon);
    const inWindow = surveys.filter((s) => s.t <= snap.at && s.t > snap.at - WINDOW_S * 1000);
    const surveyed = surveyedIoU(ours, truthPoly, inWindow, 60);
    return [{ minute, snap, tp, plume, iou: polygonIoU(ours, truthPoly), surveyed, strength: truth.sources[0]!.strength[minute]!.relative }];
  });

  it('prints the IoU per minute and reaches IoU ≥ 0.6 inside the surveyed corridor when a transect crosses the plume', () => {
    console.log(
      rows
        .map((r) => `min ${r.minute}: IoU ${r.iou.toFixed(2)}, surveyed IoU ${r.surveyed.iou.toFixed(2)} (truth in survey ${r.surveyed.truthM2} m²), area ${r.plume?.extentAreaKm2 ?? 0} km², max ${r.plume?.maxPpm ?? 0} ppm, strength ${r.strength}`)
        .join('\n'),
    );
    // Best-informed minutes: the window's samples cover ≥ 1 ha of the true plume.
    const informed = rows.filter((r) => r.surveyed.truthM2 >= 10_000);
    expect(informed.length).toBeGreaterThanOrEqual(5);
    const good = informed.filter((r) => r.surveyed.iou >= 0.6);
    expect(good.length).toBeGreaterThanOrEqual(2);
    // Where the plume was crossed the full-plume IoU is positive but coverage-bound (≈ 0.1–0.3).
    expect(Math.max(...rows.map((r) => r.iou))).toBeGreaterThan(0.15);
  });

  it('reads the wind off the plume axis within ±45° of the true wind', () => {
    const estimated = rows.filter((r) => r.snap.wind?.source === 'plume-axis');
    expect(estimated.length).toBeGreaterThanOrEqual(10);
    for (const r of estimated) expect(angleDiff(r.snap.wind!.fromDeg, r.tp.windFromDeg)).toBeLessThanOrEqual(45);
  });

  it('measures the fire\'s hot area close to the analytic disc and finds its hottest pixel on the fire', () => {
    const fire = truth.heatSources[0]!;
    // The simulated fire is a Gaussian hot spot (σ 22 m, peak 160…520 °C with the source strength) over
    // ground at about air + 2 °C (≈ 23 °C at 10:00 CST): above 60 °C inside r² = 2σ² ln((peak − bg)/(60 − bg)).
    const analyticM2 = (strength: number) => Math.PI * 2 * 22 ** 2 * Math.log((160 + 360 * Math.min(1, strength) - 23) / (60 - 23));
    const late = rows.filter((r) => r.minute >= 10);
    console.log(late.map((r) => `min ${r.minute}: hot area ${r.snap.thermal?.areaM2} m² (analytic ${Math.round(analyticM2(r.strength))})`).join('\n'));
    // Most minutes agree within 10 %; a few read low when the newest look at part of the fire came
    // from a frame whose pose (nearest telemetry) misplaced it (minutes 37–39 of this seed).
    const close = late.filter((r) => Math.abs(r.snap.thermal!.areaM2 - analyticM2(r.strength)) / analyticM2(r.strength) < 0.1);
    expect(close.length / late.length).toBeGreaterThanOrEqual(0.85);
    for (const r of late) {
      expect(r.snap.thermal).not.toBeNull();
      expect(r.snap.thermal!.areaM2).toBeGreaterThan(1000);
      expect(distance([r.snap.thermal!.hottest!.lon, r.snap.thermal!.hottest!.lat], [fire.lon, fire.lat], { units: 'meters' })).toBeLessThan(40);
    }
  });
});
