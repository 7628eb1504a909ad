import { gcj02ToWgs84, outOfChina, wgs84ToGcj02 } from './gcj02';

/** Metres between two nearby WGS-84 points (equirectangular; fine at these distances). */
function metres(a: [number, number], b: [number, number]): number {
  const k = 111_320;
  return Math.hypot((a[0] - b[0]) * k * Math.cos((a[1] * Math.PI) / 180), (a[1] - b[1]) * k);
}

describe('WGS-84 ⇄ GCJ-02', () => {
  it('shifts a Beijing point by the published offset (Tiananmen, reference implementation values)', () => {
    const [lon, lat] = wgs84ToGcj02(116.391275, 39.90734);
    expect(lon).toBeCloseTo(116.397518, 5);
    expect(lat).toBeCloseTo(39.908746, 5);
  });

  it('moves the Wuhan demo area by a few hundred metres, as Chinese tiles are offset', () => {
    const wgs: [number, number] = [114.27, 30.61];
    const d = metres(wgs, wgs84ToGcj02(...wgs));
    expect(d).toBeGreaterThan(200);
    expect(d).toBeLessThan(800);
  });

  it('round-trips to well under a metre', () => {
    for (const p of [[114.27, 30.61], [121.47, 31.23], [87.6, 43.8], [113.26, 23.13]] as [number, number][]) {
      expect(metres(p, gcj02ToWgs84(...wgs84ToGcj02(...p)))).toBeLessThan(0.01);
    }
  });

  it('leaves points outside China unchanged', () => {
    expect(outOfChina(-0.12, 51.5)).toBe(true);
    expect(wgs84ToGcj02(-0.12, 51.5)).toEqual([-0.12, 51.5]);
    expect(gcj02ToWgs84(139.7, 35.7)).toEqual([139.7, 35.7]);
  });
});
