import { wgs84ToGcj02 } from '../domain/gcj02';
import { latToTileY, lonToTileX, tilesForView, tileUrl, tileXToLon, tileYToLat, zoomForScale } from './tiles';

describe('XYZ tiles', () => {
  it('maps lon/lat to slippy tile numbers and back', () => {
    expect(Math.floor(lonToTileX(114.27, 12))).toBe(3348);
    expect(Math.floor(latToTileY(30.61, 12))).toBe(1681);
    expect(tileXToLon(lonToTileX(114.27, 14), 14)).toBeCloseTo(114.27, 9);
    expect(tileYToLat(latToTileY(30.61, 14), 14)).toBeCloseTo(30.61, 9);
  });

  it('fills url templates with zoom, x, y and a subdomain', () => {
    expect(tileUrl({ url: 'https://{s}.t/{z}/{x}/{y}.png', crs: 'wgs84', subdomains: ['a', 'b'] }, 3, 1, 2)).toBe('https://b.t/3/1/2.png');
  });

  it('picks a zoom from the screen scale within the configured range', () => {
    expect(zoomForScale(256 / 360, {})).toBe(1);
    expect(zoomForScale(20_000, {})).toBe(15);
    expect(zoomForScale(20_000, { maxZoom: 14 })).toBe(14);
  });

  it('covers a view with WGS-84 tiles whose bounds contain it', () => {
    const view = { west: 114.25, south: 30.59, east: 114.3, north: 30.63 };
    const tiles = tilesForView({ url: '{z}/{x}/{y}', crs: 'wgs84' }, view, 13);
    expect(tiles.length).toBeGreaterThan(0);
    expect(Math.min(...tiles.map((t) => t.bounds[0]))).toBeLessThanOrEqual(view.west);
    expect(Math.max(...tiles.map((t) => t.bounds[3]))).toBeGreaterThanOrEqual(view.north);
  });

  it('places GCJ-02 tiles so that their content lands on WGS-84 positions', () => {
    const z = 16;
    const [tile] = tilesForView({ url: '{z}/{x}/{y}', crs: 'gcj02' }, { west: 114.27, south: 30.61, east: 114.27, north: 30.61 }, z);
    // The tile was chosen in GCJ-02 space: it holds the shifted point…
    const [gLon, gLat] = wgs84ToGcj02(114.27, 30.61);
    expect(tile!.x).toBe(Math.floor(lonToTileX(gLon, z)));
    expect(tile!.y).toBe(Math.floor(latToTileY(gLat, z)));
    // …and its corners, converted back, enclose the WGS-84 point.
    expect(tile!.bounds[0]).toBeLessThanOrEqual(114.27);
    expect(tile!.bounds[2]).toBeGreaterThanOrEqual(114.27);
    expect(tile!.bounds[1]).toBeLessThanOrEqual(30.61);
    expect(tile!.bounds[3]).toBeGreaterThanOrEqual(30.61);
  });
});
