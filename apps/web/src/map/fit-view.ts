/** A lon/lat box: what the map should show. */
export interface GeoExtent {
  readonly minLon: number;
  readonly minLat: number;
  readonly maxLon: number;
  readonly maxLat: number;
}

export interface GeoView {
  readonly center: readonly [number, number];
  readonly zoom: number;
}

/** Canvas pixels kept clear on each side (the panels laid over the map), plus a margin. */
export interface FitPadding {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

export interface FitOptions {
  readonly size: { readonly width: number; readonly height: number };
  readonly padding: FitPadding;
  readonly minZoom: number;
  readonly maxZoom: number;
  /** An extent smaller than this (m) on a side is fitted as if this big: one point is not a street-level zoom. */
  readonly minSpanM: number;
}

const M_PER_DEG_LAT = 111_320;
/** No side's padding takes more than this share of the canvas, whatever lies over it. */
const MAX_PAD_SHARE = 0.35;

/** A box in canvas pixels. */
export interface PixelRect {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/**
 * Padding that keeps a fit clear of the panels laid over the map: each panel is cleared on the side
 * where that costs least (a legend in the bottom-left corner pads the left, a wide box along the
 * bottom pads the bottom), then `margin` is added all round.
 */
export function paddingAround(obstacles: readonly PixelRect[], size: { readonly width: number; readonly height: number }, margin: number): FitPadding {
  const pad = { top: 0, right: 0, bottom: 0, left: 0 };
  for (const r of obstacles) {
    if (r.right <= 0 || r.bottom <= 0 || r.left >= size.width || r.top >= size.height || r.right <= r.left || r.bottom <= r.top) continue;
    const costs: [keyof FitPadding, number][] = [['left', r.right], ['right', size.width - r.left], ['top', r.bottom], ['bottom', size.height - r.top]];
    const [side, cost] = costs.reduce((a, b) => (b[1] < a[1] ? b : a));
    pad[side] = Math.max(pad[side], cost);
  }
  const capW = size.width * MAX_PAD_SHARE;
  const capH = size.height * MAX_PAD_SHARE;
  return { top: Math.min(capH, pad.top) + margin, right: Math.min(capW, pad.right) + margin, bottom: Math.min(capH, pad.bottom) + margin, left: Math.min(capW, pad.left) + margin };
}

export function extentContains(outer: GeoExtent, inner: GeoExtent): boolean {
  return inner.minLon >= outer.minLon && inner.maxLon <= outer.maxLon && inner.minLat >= outer.minLat && inner.maxLat <= outer.maxLat;
}

/** The smallest extent holding every point, or null for none. */
export function extentOf(points: Iterable<readonly [number, number]>): GeoExtent | null {
  let e: { minLon: number; minLat: number; maxLon: number; maxLat: number } | null = null;
  for (const [lon, lat] of points) {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    if (!e) e = { minLon: lon, minLat: lat, maxLon: lon, maxLat: lat };
    else {
      e.minLon = Math.min(e.minLon, lon);
      e.maxLon = Math.max(e.maxLon, lon);
      e.minLat = Math.min(e.minLat, lat);
      e.maxLat = Math.max(e.maxLat, lat);
    }
  }
  return e;
}

/**
 * The view (centre, zoom) that shows `extent` as large as fits inside the padded canvas, centred in
 * it. `toPixel` is the map's projection at the current view (`view`); the geo projection is linear
 * in lon and lat and zooms about the view centre, so one measurement of its scale is enough.
 * Null when the projection is not ready (map not laid out).
 */
export function fitView(extent: GeoExtent, view: GeoView, toPixel: (lonLat: readonly [number, number]) => readonly number[] | null, options: FitOptions): GeoView | null {
  const cLon = (extent.minLon + extent.maxLon) / 2;
  const cLat = (extent.minLat + extent.maxLat) / 2;
  const step = 1e-3;
  const origin = toPixel([cLon, cLat]);
  const east = toPixel([cLon + step, cLat]);
  const north = toPixel([cLon, cLat + step]);
  const centerPx = toPixel(view.center);
  if (!origin || !east || !north || !centerPx) return null;
  const pxPerLon = (east[0]! - origin[0]!) / step;
  const pxPerLat = (north[1]! - origin[1]!) / step; // negative: y grows southward
  if (!(Math.abs(pxPerLon) > 0) || !(Math.abs(pxPerLat) > 0)) return null;

  const minSpanLat = options.minSpanM / M_PER_DEG_LAT;
  const minSpanLon = minSpanLat / Math.cos((cLat * Math.PI) / 180);
  const widthPx = Math.max(extent.maxLon - extent.minLon, minSpanLon) * Math.abs(pxPerLon);
  const heightPx = Math.max(extent.maxLat - extent.minLat, minSpanLat) * Math.abs(pxPerLat);
  const { top, right, bottom, left } = options.padding;
  const availW = Math.max(1, options.size.width - left - right);
  const availH = Math.max(1, options.size.height - top - bottom);
  const zoom = Math.min(options.maxZoom, Math.max(options.minZoom, view.zoom * Math.min(availW / widthPx, availH / heightPx)));

  // After zooming, the view centre keeps its pixel; put the extent's centre at the padded area's.
  const ratio = zoom / view.zoom;
  const dx = left + availW / 2 - centerPx[0]!;
  const dy = top + availH / 2 - centerPx[1]!;
  return { center: [cLon - dx / (pxPerLon * ratio), cLat - dy / (pxPerLat * ratio)], zoom };
}
