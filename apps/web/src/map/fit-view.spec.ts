import { extentContains, extentOf, fitView, paddingAround, type GeoView } from './fit-view';

/**
 * A linear geo projection like ECharts' on a 1000×600 canvas: `center` at the canvas centre,
 * `scale` px per degree at zoom 1, y growing southward.
 */
const projection = (view: GeoView, scale = 1000) => (c: readonly [number, number]) => [500 + (c[0] - view.center[0]) * scale * view.zoom, 300 - (c[1] - view.center[1]) * scale * view.zoom];
const size = { width: 1000, height: 600 };
const none = { top: 0, right: 0, bottom: 0, left: 0 };
const options = { size, padding: none, minZoom: 0.5, maxZoom: 100, minSpanM: 0 };

describe('fit view', () => {
  it('zooms so the extent fills the limiting dimension and centres it', () => {
    const view = { center: [114, 30] as const, zoom: 1 };
    // 0.1° × 0.05° at 1000 px/° is 100 × 50 px: width-limited ×10, height-limited ×12.
    const fitted = fitView({ minLon: 114.2, maxLon: 114.3, minLat: 30.1, maxLat: 30.15 }, view, projection(view), options)!;
    expect(fitted.zoom).toBeCloseTo(10, 9);
    const px = projection(fitted);
    expect(px([114.2, 30.125])[0]).toBeCloseTo(0, 6);
    expect(px([114.3, 30.125])[0]).toBeCloseTo(1000, 6);
    expect(px([114.25, 30.125])[1]).toBeCloseTo(300, 6);
  });

  it('centres the extent in the padded area, not the canvas', () => {
    const view = { center: [114, 30] as const, zoom: 2 };
    const padding = { top: 0, right: 400, bottom: 100, left: 0 };
    const fitted = fitView({ minLon: 114.2, maxLon: 114.3, minLat: 30.1, maxLat: 30.15 }, view, projection(view), { ...options, padding })!;
    // Available 600 × 500 px: width-limited, 6000 px/°.
    expect(fitted.zoom).toBeCloseTo(6, 9);
    const px = projection(fitted);
    expect(px([114.2, 30.15])[0]).toBeCloseTo(0, 6);
    expect(px([114.3, 30.15])[0]).toBeCloseTo(600, 6);
    expect(px([114.25, 30.125])[1]).toBeCloseTo(250, 6);
  });

  it('does not zoom a tiny extent past the minimum span or the zoom limit', () => {
    const view = { center: [114, 30] as const, zoom: 1 };
    const point = { minLon: 114.1, maxLon: 114.1, minLat: 30.1, maxLat: 30.1 };
    // 1113.2 m is 0.01° of latitude: 10 px tall at zoom 1, so ×60 fills 600 px.
    expect(fitView(point, view, projection(view), { ...options, minSpanM: 1113.2 })!.zoom).toBeCloseTo(60, 6);
    expect(fitView(point, view, projection(view), { ...options, minSpanM: 1113.2, maxZoom: 12 })!.zoom).toBe(12);
  });

  it('gives nothing before the map has a projection', () => {
    expect(fitView({ minLon: 0, maxLon: 1, minLat: 0, maxLat: 1 }, { center: [0, 0], zoom: 1 }, () => null, options)).toBeNull();
  });

  it('pads each panel over the map on its cheapest side, plus a margin', () => {
    const legend = { left: 10, top: 300, right: 160, bottom: 590 }; // bottom-left, tall: pads the left (160)
    const box = { left: 600, top: 420, right: 990, bottom: 590 }; // bottom-right, wide: pads the bottom (180)
    const toggles = { left: 880, top: 50, right: 990, bottom: 300 }; // right, tall: pads the right (120)
    const offCanvas = { left: -200, top: 0, right: -100, bottom: 50 };
    expect(paddingAround([legend, box, toggles, offCanvas], size, 20)).toEqual({ top: 20, right: 140, bottom: 200, left: 180 });
  });

  it('never pads a side by more than a third-plus of the canvas', () => {
    const huge = { left: 0, top: 0, right: 900, bottom: 550 };
    expect(paddingAround([huge], size, 0).bottom).toBeLessThanOrEqual(0.35 * 600);
  });

  it('computes and compares extents', () => {
    const e = extentOf([[1, 2], [3, -1], [Number.NaN, 5]])!;
    expect(e).toEqual({ minLon: 1, minLat: -1, maxLon: 3, maxLat: 2 });
    expect(extentOf([])).toBeNull();
    expect(extentContains(e, { minLon: 1.5, minLat: 0, maxLon: 3, maxLat: 2 })).toBe(true);
    expect(extentContains(e, { minLon: 0.5, minLat: 0, maxLon: 3, maxLat: 2 })).toBe(false);
  });
});
