import { fitDispersion, lnConcentrationAt, type PlumeFramePoint } from './dispersion-fit';
import { dispersionField, fittedPlumeField, toPlumeFrame } from './dispersion-field';
import { LocalMetricFrame } from './local-metric-frame';

/**
 * A Briggs rural class-D plume (σy, σz bending with distance, not the fit's linear spreads) from a
 * release 15 m up: the fit must draw its outline from crosswind transects without sharing its form.
 */
function briggsPpm(along: number, across: number): number {
  if (along <= 0) return 0;
  const sy = (0.08 * along) / Math.sqrt(1 + 0.0001 * along);
  const sz = (0.06 * along) / Math.sqrt(1 + 0.0015 * along);
  return (3e5 / (sy * sz)) * Math.exp(-(across * across) / (2 * sy * sy)) * Math.exp(-(15 * 15) / (2 * sz * sz));
}

/** The true outline at `ppm`: its length along the axis and widest half-width. */
function trueOutline(ppm: number): { lengthM: number; halfWidthM: number } {
  let lengthM = 0;
  let halfWidthM = 0;
  for (let x = 10; x < 10_000; x += 5) {
    const c = briggsPpm(x, 0);
    if (c < ppm) continue;
    lengthM = x;
    const sy = (0.08 * x) / Math.sqrt(1 + 0.0001 * x);
    halfWidthM = Math.max(halfWidthM, sy * Math.sqrt(2 * Math.log(c / ppm)));
  }
  return { lengthM, halfWidthM };
}

/** Crosswind transects at the given distances, one reading every 10 m over ±half, multiplicative noise. */
function transects(distances: readonly number[], half: (d: number) => number, value: (along: number, across: number) => number = briggsPpm): PlumeFramePoint[] {
  let seed = 7;
  const noise = () => {
    seed = (seed * 16807) % 2147483647;
    return Math.exp(0.3 * ((seed / 2147483647) * 2 - 1));
  };
  return distances.flatMap((d) => Array.from({ length: Math.round((2 * half(d)) / 10) + 1 }, (_, k) => ({ along: d, across: -half(d) + 10 * k, ppm: value(d, -half(d) + 10 * k) * noise(), weight: 1 })));
}

const SURVEY = [150, 400, 650, 900, 1150];
const halfOf = (d: number) => 150 + 0.2 * d;

describe('fitDispersion', () => {
  it('recovers the outline of a Briggs plume from crosswind transects', () => {
    const fit = fitDispersion(transects(SURVEY, halfOf), { floorPpm: 0.1 })!;
    expect(fit).not.toBeNull();
    expect(fit.r2).toBeGreaterThan(0.9);
    expect(fit.n).toBeGreaterThan(1);
    expect(fit.n).toBeLessThan(3);
    const truth = trueOutline(0.5);
    // The fitted plume's outline at 0.5 ppm: half-width and length within 15 % of the truth's.
    let lengthM = 0;
    let halfWidthM = 0;
    for (let x = 10; x < 10_000; x += 5) {
      const lnC = lnConcentrationAt(fit, x, 0);
      if (lnC < Math.log(0.5)) continue;
      lengthM = x;
      const u = Math.sqrt((lnC - Math.log(0.5)) / fit.beta);
      halfWidthM = Math.max(halfWidthM, u * x);
    }
    expect(Math.abs(lengthM - truth.lengthM) / truth.lengthM).toBeLessThan(0.15);
    expect(Math.abs(halfWidthM - truth.halfWidthM) / truth.halfWidthM).toBeLessThan(0.15);
  });

  it('reads an axis a few degrees off the estimate out of the transects', () => {
    const off = (6 * Math.PI) / 180;
    // The true axis is turned 6° from the frame's: rotate each reading's position into the true plume's frame.
    const turned = (along: number, across: number) => briggsPpm(along * Math.cos(off) + across * Math.sin(off), across * Math.cos(off) - along * Math.sin(off));
    const fit = fitDispersion(transects(SURVEY, halfOf, turned), { floorPpm: 0.1 })!;
    const correctionDeg = (Math.atan(fit.kappa / (2 * fit.beta)) * 180) / Math.PI;
    expect(correctionDeg).toBeGreaterThan(4.5);
    expect(correctionDeg).toBeLessThan(7.5);
  });

  it('declines what cannot fix a plume: one transect, too few detections, readings that do not fall off with distance', () => {
    expect(fitDispersion(transects([650], halfOf), { floorPpm: 0.1 })).toBeNull();
    const all = transects(SURVEY, halfOf);
    const eleventh = all.map((p) => p.ppm).sort((a, b) => b - a)[10]!;
    expect(fitDispersion(all, { floorPpm: eleventh })).toBeNull(); // 11 detections
    expect(fitDispersion(all, { floorPpm: all.map((p) => p.ppm).sort((a, b) => b - a)[40]! })).not.toBeNull();
    // Concentrations that grow downwind and do not narrow across: not a plume from this source.
    expect(fitDispersion(transects(SURVEY, halfOf, (along) => along / 100), { floorPpm: 0.1 })).toBeNull();
  });
});

describe('fittedPlumeField', () => {
  const source = { lat: 30.6, lon: 114.27 };
  const frame = new LocalMetricFrame(source.lat, source.lon);
  const towardDeg = 40;
  const t = (towardDeg * Math.PI) / 180;

  /** Plume-frame points as ConcentrationSamples on the map, plume pointing `towardDeg` from the source. */
  const samples = transects(SURVEY, halfOf).map((p, i) => {
    const x = p.along * Math.sin(t) + p.across * Math.cos(t);
    const y = p.along * Math.cos(t) - p.across * Math.sin(t);
    return { deviceId: 'ms-03', time: 1_000_000 + i * 1000, cas: '71-43-2', compound: 'Benzene', lat: frame.lat(y), lon: frame.lon(x), ppm: p.ppm };
  });
  const now = samples[samples.length - 1]!.time;

  it('puts the samples back into the plume frame with the newest weighing most', () => {
    const points = toPlumeFrame(samples, { source, towardDeg }, now, 60);
    expect(points[0]!.along).toBeCloseTo(150, 0);
    expect(points[0]!.across).toBeCloseTo(-180, 0);
    expect(points[points.length - 1]!.weight).toBeCloseTo(1, 6);
    expect(points[0]!.weight).toBeLessThan(points[points.length - 1]!.weight);
  });

  it('draws the fitted plume on a grid around the source along the axis, and names the estimate', () => {
    const fitted = fittedPlumeField(samples, 0.5, { source, towardDeg }, now)!;
    expect(fitted.estimate).toMatchObject({ method: 'dispersion-fit', towardDeg: expect.closeTo(towardDeg, 0) });
    const { field } = fitted;
    const at = (along: number, across: number) => {
      const x = along * Math.sin(t) + across * Math.cos(t);
      const y = along * Math.cos(t) - across * Math.sin(t);
      return field.values[Math.floor((x - field.x0) / field.cellM) + Math.floor((y - field.y0) / field.cellM) * field.nx]!;
    };
    expect(at(500, 0)).toBeGreaterThan(0.5);
    expect(at(500, 0)).toBeGreaterThan(at(500, 60));
    expect(at(500, 250)).toBeLessThan(0.5);
    expect(at(-field.cellM, 0)).toBe(0); // upwind
  });

  it('draws nothing for a fit whose centreline never reaches the lowest band', () => {
    const fit = fitDispersion(transects(SURVEY, halfOf), { floorPpm: 0.1 })!;
    expect(dispersionField(fit, { source, towardDeg }, 1e6)).toBeNull();
  });
});
