import bearing from '@turf/bearing';
import centroid from '@turf/centroid';
import distance from '@turf/distance';
import { multiPolygon } from '@turf/helpers';
import { polygonIoU } from './polygon-iou';
import { plantFireVsTruth, truthPolygon } from './testing/plant-fire-vs-truth';

const MINUTES = 40;
/** The UAV (ms-03) takes off at 150 s; its first pass ends about 5.5 min later. */
const FIRST_FULL_PASS_MIN = 9;
/** Issue 8's aim for the full-plume IoU. */
const IOU_AIM = 0.6;
/** Informed minutes with a surveyed IoU ≥ 0.6: 19 of 36 reached (9 with interpolation only, 2 before samples were turned with the plume). */
const SURVEYED_GOOD_MINUTES = 16;
/** Minutes after the first pass whose benzene plume comes from the dispersion fit: 30 of 32 reached. */
const FITTED_SHARE_MIN = 0.8;
/**
 * Reached over minutes 4–20: 0.33 (0.30 with interpolation only, 0.17 before samples were turned with
 * the plume; the truth's own area 0.75). Minutes 9–13 pull it down: the window then holds only the far
 * transects the growing plume had not reached, too few detections for a fit, so the mapped area is ~0.
 */
const AREA_STRENGTH_FLOOR = 0.28;
/** Mapped vs true area after the first pass: 0.54 reached (0.51 with interpolation only). */
const AREA_TRUTH_FLOOR = 0.48;
/** Below this a centroid's move is its cells flickering, not the plume moving. */
const MEANINGFUL_DRIFT_MS = 0.3;
/** Mean drift direction error while the plume grows: 13° reached (the fit taking over at minute 6 moves the centroid 0.3 m/s off the wind once; 3° with interpolation only, 53° before samples were turned with the plume). */
const DRIFT_ERROR_MAX_DEG = 15;

function ranks(v: readonly number[]): number[] {
  const order = v.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(v.length);
  for (let k = 0; k < order.length; ) {
    let e = k;
    while (e + 1 < order.length && order[e + 1]![0] === order[k]![0]) e++;
    for (let m = k; m <= e; m++) r[order[m]![1]] = (k + e) / 2; // ties share their mean rank
    k = e + 1;
  }
  return r;
}

function spearman(a: readonly number[], b: readonly number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (ra.length - 1) / 2;
  let num = 0;
  let da = 0;
  let db = 0;
  ra.forEach((x, i) => {
    num += (x - mean) * (rb[i]! - mean);
    da += (x - mean) ** 2;
    db += (rb[i]! - mean) ** 2;
  });
  return da > 0 && db > 0 ? num / Math.sqrt(da * db) : 0;
}

function angleDiff(a: number, b: number): number {
  return Math.abs(((a - b + 540) % 360) - 180);
}

/**
 * The seeded chemical-plant fire, every emitted reading fed to the analyzer, the picture compared
 * with the simulator's ground truth minute by minute. Two spectrometers walk/drive fixed crosswind
 * lines 500 m and 1300 m downwind; a third (ms-03, on a UAV) maps the plume with crosswind transects
 * 150–1400 m downwind, turned with the wind at the start of each ≈ 5.5-minute pass.
 */
describe('situation vs the simulator ground truth (chemical-plant-fire, seed 42)', () => {
  const { truth, rows, benzeneExtent } = plantFireVsTruth(MINUTES);
  const truthAreaKm2 = (r: (typeof rows)[number]) => r.truthAreaKm2;

  it('prints every minute\'s full-plume IoU and scores the extent against the truth where devices sampled', () => {
    console.log(
      rows
        .map((r) => `min ${r.minute}: IoU ${r.iou.toFixed(2)}, surveyed IoU ${r.surveyed.iou.toFixed(2)} (truth in survey ${r.surveyed.truthM2} m²), area ${r.plume?.extentAreaKm2 ?? 0} km² (truth ${truthAreaKm2(r).toFixed(3)}), max ${r.plume?.maxPpm ?? 0} ppm, est ${JSON.stringify(r.plume?.estimate)}, truth len ${r.ex.lengthM} half ${r.ex.maxHalfWidthM}, wind ${r.tp.windFromDeg}°, strength ${r.strength}`)
        .join('\n'),
    );
    // Best-informed minutes: the window's samples cover ≥ 1 ha of the true plume.
    const informed = rows.filter((r) => r.surveyed.truthM2 >= 10_000);
    expect(informed.length).toBeGreaterThanOrEqual(20);
    const good = informed.filter((r) => r.surveyed.iou >= 0.6);
    expect(good.length).toBeGreaterThanOrEqual(SURVEYED_GOOD_MINUTES);
  });

  /**
   * Issue 8 aims at a full-plume IoU ≥ 0.6 once enough readings have arrived. The simulated wind turns
   * 3–10° a minute and the plume swings about the fire with it (its outline overlaps its own of 2
   * minutes earlier with a median IoU ≈ 0.27, printed), so the samples are first turned to the current
   * plume axis (transport-samples.ts), then a Gaussian plume from the fire is fitted to them
   * (dispersion-fit.ts): median 0.65. Interpolating the turned samples instead reached 0.45 (0.21 without
   * turning): IDW cannot reach past the transects or narrow between them. Minutes 9–13 stay poor: the
   * window holds only the far, nearly clean transects the plume had not reached yet.
   */
  it('maps the whole plume after the UAV\'s first pass: median full-plume IoU ≥ 0.6, mostly from the dispersion fit', () => {
    const afterFirstPass = rows.filter((r) => r.minute >= FIRST_FULL_PASS_MIN);
    const ious = afterFirstPass.map((r) => r.iou).sort((a, b) => a - b);
    const median = ious[Math.floor(ious.length / 2)]!;
    const selfLag = afterFirstPass.map((r) => polygonIoU(r.truthPoly, truthPolygon(benzeneExtent(r.minute - 2)))).sort((a, b) => a - b);
    console.log(`truth vs its own outline 2 minutes earlier: median IoU ${selfLag[Math.floor(selfLag.length / 2)]!.toFixed(2)}`);
    console.log(`full-plume IoU from minute ${FIRST_FULL_PASS_MIN}: median ${median.toFixed(2)}, best ${ious[ious.length - 1]!.toFixed(2)}, ≥ 0.6 in ${ious.filter((v) => v >= 0.6).length}/${ious.length}`);
    expect(median).toBeGreaterThanOrEqual(IOU_AIM);
    const fitted = afterFirstPass.filter((r) => r.plume?.estimate?.method === 'dispersion-fit');
    expect(fitted.length / afterFirstPass.length).toBeGreaterThanOrEqual(FITTED_SHARE_MIN);
    expect(afterFirstPass.filter((r) => r.iou > 0.1).length / afterFirstPass.length).toBeGreaterThanOrEqual(0.8);
  });

  /**
   * "The area trend follows the source strength": the fire's strength ramps up over its first 10
   * minutes (0.1 → 1) and then only wanders (0.55–1.05, where not even the truth's own extent follows
   * it: Spearman ≈ 0.1, the area scales with Q/u and air at 1 km left the fire 5–6 minutes earlier).
   * So the trend is scored over the ramp and the minutes after it (4–20), and the mapped area must
   * also follow the true area after the first pass (the truth's own 0.75 over the ramp is not reached,
   * see AREA_STRENGTH_FLOOR). The river discharge, whose batches do swing the
   * strength 0.3 ↔ 1, cannot stand in: its one bank walker never reads the ammonia plume above 0.3 ppm.
   */
  it('lets the mapped extent area follow the source strength while it ramps up, and the true area after the first pass', () => {
    const ramp = rows.filter((r) => r.minute >= 4 && r.minute <= 20);
    const rampAreas = ramp.map((r) => r.plume?.extentAreaKm2 ?? 0);
    const vsStrength = spearman(rampAreas, ramp.map((r) => r.strength));
    const late = rows.filter((r) => r.minute >= FIRST_FULL_PASS_MIN);
    const ours = late.map((r) => r.plume?.extentAreaKm2 ?? 0);
    const vsTruth = spearman(ours, late.map(truthAreaKm2));
    console.log(
      `minutes 4–20: Spearman area ~ strength ${vsStrength.toFixed(2)} (truth ${spearman(ramp.map(truthAreaKm2), ramp.map((r) => r.strength)).toFixed(2)}); ` +
        `minutes ${FIRST_FULL_PASS_MIN}–${MINUTES}: area ~ true area ${vsTruth.toFixed(2)}, area ~ strength ${spearman(ours, late.map((r) => r.strength)).toFixed(2)} (truth ${spearman(late.map(truthAreaKm2), late.map((r) => r.strength)).toFixed(2)})`,
    );
    expect(ramp.length).toBeGreaterThanOrEqual(15);
    expect(vsStrength).toBeGreaterThanOrEqual(AREA_STRENGTH_FLOOR);
    expect(late.length).toBeGreaterThanOrEqual(10);
    expect(vsTruth).toBeGreaterThanOrEqual(AREA_TRUTH_FLOOR);
  });

  /**
   * "The centroid drift follows the wind": it does while the plume grows downwind (the fire's ramp-up,
   * the true extent lengthening). Afterwards a plume from a fixed source does not drift: it swings about
   * the fire, and the true outline's own centroid moves crosswind (off the wind by ≈ 85° in the median,
   * printed), so there the wind is scored where it can be read: the axis fire → centroid.
   */
  it('drifts downwind while the plume grows, and reads the wind off the plume axis after the first pass', () => {
    const growing = rows.filter((r) => r.minute >= 4 && r.minute <= FIRST_FULL_PASS_MIN + 3 && r.plume?.drift && r.plume.drift.speedMs >= MEANINGFUL_DRIFT_MS);
    const errors = growing.map((r) => angleDiff(r.plume!.drift!.towardDeg, (r.tp.windFromDeg + 180) % 360));
    const meanError = errors.reduce((s, e) => s + e, 0) / Math.max(1, errors.length);
    console.log(`growing plume, drift ≥ ${MEANINGFUL_DRIFT_MS} m/s: ${growing.map((r, i) => `min ${r.minute} ${r.plume!.drift!.speedMs} m/s off the wind by ${errors[i]!.toFixed(0)}°`).join(', ')}; mean ${meanError.toFixed(0)}°`);
    const truthDrift = rows
      .filter((r) => r.minute >= FIRST_FULL_PASS_MIN + 4)
      .map((r) => {
        const [a, b] = [truthPolygon(benzeneExtent(r.minute - 2)), r.truthPoly].map((p) => centroid(multiPolygon(p)).geometry.coordinates);
        return angleDiff(bearing(a!, b!), (r.tp.windFromDeg + 180) % 360);
      })
      .sort((x, y) => x - y);
    console.log(`after the growth: the true outline's centroid moves off the wind by a median ${truthDrift[Math.floor(truthDrift.length / 2)]!.toFixed(0)}°`);
    expect(growing.length).toBeGreaterThanOrEqual(3);
    expect(meanError).toBeLessThanOrEqual(DRIFT_ERROR_MAX_DEG);

    const estimated = rows.filter((r) => r.minute >= FIRST_FULL_PASS_MIN && r.snap.wind?.source === 'plume-axis');
    const axisErrors = estimated.map((r) => angleDiff(r.snap.wind!.fromDeg, r.tp.windFromDeg));
    console.log(estimated.map((r, i) => `min ${r.minute}: axis off by ${axisErrors[i]!.toFixed(0)}°`).join(', '));
    expect(estimated.length).toBeGreaterThanOrEqual(25);
    expect([...axisErrors].sort((a, b) => a - b)[Math.floor(axisErrors.length / 2)]!).toBeLessThanOrEqual(5);
    for (const e of axisErrors) expect(e).toBeLessThanOrEqual(20);
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
