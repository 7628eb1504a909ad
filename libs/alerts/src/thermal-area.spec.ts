import { hotArea } from './thermal-area';
import { thermalFrameOf as frameOf } from './testing/test-frame';

describe('hotArea', () => {
  it('counts hot pixels and turns them into ground area for a nadir view', () => {
    // 100 m up with a 40.6° field of view: 2 · 100 · tan(20.3°) = 74.0 m across 40 pixels.
    const a = hotArea(frameOf(40, 32, 25), 100, 100, 40.6)!;
    const pixelM = (2 * 100 * Math.tan((20.3 * Math.PI) / 180)) / 40;
    expect(a.hotPixels).toBe(25);
    expect(a.pixelAreaM2).toBeCloseTo(pixelM * pixelM, 9);
    expect(a.pixelAreaM2).toBeCloseTo(3.4209, 3);
    expect(a.areaM2).toBeCloseTo(25 * 3.4209, 2);
  });

  it('grows with the square of the height', () => {
    const low = hotArea(frameOf(40, 32, 10), 100, 50, 40.6)!;
    const high = hotArea(frameOf(40, 32, 10), 100, 100, 40.6)!;
    expect(high.areaM2 / low.areaM2).toBeCloseTo(4, 9);
  });

  it('counts a pixel exactly at the threshold', () => {
    expect(hotArea(frameOf(4, 1, 2, 100, 99, 1, 0), 100, 10, 90)!.hotPixels).toBe(2);
  });

  it('counts exactly the pixels whose °C reaches the threshold, whatever the scale and offset', () => {
    const raws = Array.from({ length: 64 * 8 }, (_, i) => (i * 7919) % 65536);
    const bytes = Buffer.alloc(raws.length * 2);
    raws.forEach((raw, i) => bytes.writeUInt16LE(raw, i * 2));
    for (const [scaleC, offsetC] of [[0.1, -273.15], [0.04, -40], [1 / 3, 0.1], [0.01, 0], [-0.1, 500]] as const) {
      const frame = { w: 64, h: 8, scaleC, offsetC, data: bytes.toString('base64') };
      // Thresholds exactly at pixel temperatures, where a rounding slip would show.
      for (const thresholdC of [raws[5]! * scaleC + offsetC, raws[77]! * scaleC + offsetC, 55.5, -1e9, 1e9]) {
        const expected = raws.filter((raw) => raw * scaleC + offsetC >= thresholdC).length;
        expect(hotArea(frame, thresholdC, 100, 40.6)!.hotPixels).toBe(expected);
      }
    }
  });

  it('has no area on the ground or with short data', () => {
    expect(hotArea(frameOf(8, 4, 3), 100, 0, 40.6)).toBeNull();
    expect(hotArea({ ...frameOf(8, 4, 3), w: 16 }, 100, 50, 40.6)).toBeNull();
  });
});
