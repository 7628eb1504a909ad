import { makePlume, makeZone, square } from './situation-fixtures';
import { destination } from './situation-geometry';
import { DRIFT_ARROW_S, driftArrow, driftArrowLengthM, plumeLabelPlace } from './situation-annotations';

/** Area (km²) of a circle of `radiusM`. */
const areaOfRadius = (radiusM: number) => (Math.PI * radiusM * radiusM) / 1e6;

describe('situation annotations', () => {
  it('makes the drift arrow the distance drifted in two minutes when that fits the plume', () => {
    expect(DRIFT_ARROW_S).toBe(120);
    // 3 m/s over 2 min = 360 m, within 0.4–1.2 radii of a 500 m plume.
    expect(driftArrowLengthM(3, areaOfRadius(500))).toBeCloseTo(360, 6);
  });

  it('clamps the drift arrow to the plume size: no runaway arrow from a small fast plume, a visible one from a slow big plume', () => {
    expect(driftArrowLengthM(20, areaOfRadius(300))).toBeCloseTo(360, 6); // 1.2 × 300 m, not 2400 m
    expect(driftArrowLengthM(0.1, areaOfRadius(1000))).toBeCloseTo(400, 6); // 0.4 × 1000 m, not 12 m
  });

  it('keeps the drift arrow within absolute bounds', () => {
    expect(driftArrowLengthM(0, 0)).toBe(40);
    expect(driftArrowLengthM(50, areaOfRadius(5000))).toBe(1500);
    expect(driftArrowLengthM(Number.NaN, 1)).toBeGreaterThanOrEqual(40);
  });

  it('points the drift arrow from the centroid toward the drift', () => {
    const plume = makePlume({ drift: { towardDeg: 90, speedMs: 2 } });
    const arrow = driftArrow(plume)!;
    expect(arrow[0]).toEqual([120.2, 30.1]);
    const expected = destination([120.2, 30.1], 90, driftArrowLengthM(2, plume.extentAreaKm2));
    expect(arrow[1][0]).toBeCloseTo(expected[0], 9);
    expect(arrow[1][1]).toBeCloseTo(30.1, 9);
    expect(arrow[1][0]).toBeGreaterThan(120.2);
    expect(driftArrow(makePlume({ drift: null }))).toBeNull();
    expect(driftArrow(makePlume({ centroid: null }))).toBeNull();
  });

  it('puts the plume label on the right flank of the drift, clear of the arrow and of the source', () => {
    const zones = [makeZone({ polygon: [[square(120.2, 30.1, 0.01)]] })];
    const north = plumeLabelPlace(makePlume({ zones, drift: { towardDeg: 10, speedMs: 3 } }))!;
    expect(north.side).toBe('right');
    expect(north.anchor[0]).toBeCloseTo(120.21, 9);
    const west = plumeLabelPlace(makePlume({ zones, drift: { towardDeg: 265, speedMs: 3 } }))!;
    expect(west.side).toBe('top');
    expect(west.anchor[1]).toBeCloseTo(30.11, 9);
  });

  it('keeps the plume label beside the centroid of a long plume, away from the source', () => {
    // A strip from the source at 120.00 E drifting east, its centroid at 120.03 E.
    const strip = [[120, 29.999], [120.01, 29.999], [120.02, 29.999], [120.03, 29.999], [120.04, 29.999], [120.04, 30.001], [120, 30.001], [120, 29.999]];
    const plume = makePlume({ zones: [makeZone({ polygon: [[strip]] })], centroid: { lon: 120.03, lat: 30 }, drift: { towardDeg: 90, speedMs: 2 } });
    expect(plumeLabelPlace(plume)).toEqual({ anchor: [120.03, 29.999], side: 'bottom' });
  });

  it('puts the label above the northernmost vertex without a drift, and none without a zone', () => {
    const place = plumeLabelPlace(makePlume({ zones: [makeZone({ polygon: [[[[120, 30], [120.01, 30.02], [120.02, 30], [120, 30]]]] })], drift: null }))!;
    expect(place).toEqual({ anchor: [120.01, 30.02], side: 'top' });
    expect(plumeLabelPlace(makePlume({ zones: [] }))).toBeNull();
  });
});
