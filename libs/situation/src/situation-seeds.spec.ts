import { median, plantFireVsTruth } from './testing/plant-fire-vs-truth';

const MINUTES = 40;
const FIRST_FULL_PASS_MIN = 9;

/**
 * The dispersion fit must not be tuned to one seed: on three other seeds of the plant fire (other
 * winds, other source strength wander) it must map the plume better than interpolating the same
 * samples. Reached (full-plume IoU median from minute 9, fit vs IDW): seed 7 0.67 vs 0.45, seed 99
 * 0.62 vs 0.43, seed 2024 0.41 vs 0.35 (its wind veers 35° in minutes 21–28 and the UAV's passes,
 * turned only at each pass's start, miss the plume: max 0.9–2.4 ppm in the window).
 */
describe('dispersion fit vs interpolation on other seeds of the plant fire', () => {
  it.each([7, 99, 2024])('seed %i: the fit maps the benzene plume better than IDW', (seed) => {
    const medianIoU = (dispersionFit: boolean) => median(plantFireVsTruth(MINUTES, { seed, dispersionFit }).rows.filter((r) => r.minute >= FIRST_FULL_PASS_MIN).map((r) => r.iou));
    const fit = medianIoU(true);
    const idw = medianIoU(false);
    console.log(`seed ${seed}: full-plume IoU median from minute ${FIRST_FULL_PASS_MIN}: fit ${fit.toFixed(2)}, IDW ${idw.toFixed(2)}`);
    expect(fit).toBeGreaterThanOrEqual(idw + 0.05);
    expect(fit).toBeGreaterThanOrEqual(0.38);
  });
});
