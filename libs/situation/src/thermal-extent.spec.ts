import { computeThermalExtent } from './thermal-extent';
import { LocalMetricFrame } from './local-metric-frame';

const W = 40;
const H = 32;
const HFOV = 32;
const ALT = 100;

/** A contract frame (uint16 LE, centi-kelvin) from a °C function of pixel column and row. */
function encode(tempAt: (k: number, j: number) => number) {
  const bytes = Buffer.alloc(W * H * 2);
  for (let j = 0; j < H; j++) for (let k = 0; k < W; k++) bytes.writeUInt16LE(Math.round((tempAt(k, j) + 273.15) / 0.01), (j * W + k) * 2);
  return { w: W, h: H, scaleC: 0.01, offsetC: -273.15, data: bytes.toString('base64') };
}

describe('computeThermalExtent', () => {
  const lat = 30.61;
  const lon = 114.27;
  // Hot block: columns 20…29, rows 4…11 (80 pixels) at 300 °C; the rest 25 °C.
  const frame = encode((k, j) => (k >= 20 && k < 30 && j >= 4 && j < 12 ? 300 : 25));
  const pixelM = (2 * ALT * Math.tan((HFOV * Math.PI) / 360)) / W;

  it('measures the hot block of a nadir frame (area of its pixels within 5 %) and georeferences it', () => {
    const ext = computeThermalExtent([{ deviceId: 'd', time: 0, lat, lon, relAltM: ALT, frame, pose: { yawDeg: 0, pitchDeg: -90 } }], { thresholdC: 60, hfovDeg: HFOV })!;
    expect(Math.abs(ext.areaM2 - 80 * pixelM * pixelM) / (80 * pixelM * pixelM)).toBeLessThan(0.05);
    expect(ext.hottestC).toBeCloseTo(300, 1);
    expect(ext.frames).toBe(1);
    // Image top is north for yaw 0: the block lies east (right half) and north (upper rows) of the drone.
    const f = new LocalMetricFrame(lat, lon);
    const [ring] = ext.polygon[0]!;
    const xs = ring!.map((p) => f.x(p[0]!));
    const ys = ring!.map((p) => f.y(p[1]!));
    expect(Math.min(...xs)).toBeCloseTo(0, -0.5);
    expect(Math.max(...xs)).toBeCloseTo(10 * pixelM, -0.5);
    expect(Math.min(...ys)).toBeCloseTo((H / 2 - 12) * pixelM, -0.5);
    expect(Math.max(...ys)).toBeCloseTo((H / 2 - 4) * pixelM, -0.5);
  });

  it('does not double-count overlapping frames and lets the newest look decide', () => {
    const input = { deviceId: 'd', lat, lon, relAltM: ALT, frame, pose: { yawDeg: 0, pitchDeg: -90 } };
    const once = computeThermalExtent([{ ...input, time: 0 }], { thresholdC: 60, hfovDeg: HFOV })!;
    const twice = computeThermalExtent([{ ...input, time: 0 }, { ...input, time: 2000 }], { thresholdC: 60, hfovDeg: HFOV })!;
    expect(twice.areaM2).toBeCloseTo(once.areaM2, 0);
    const cooled = computeThermalExtent([{ ...input, time: 0 }, { ...input, time: 2000, frame: encode(() => 25) }], { thresholdC: 60, hfovDeg: HFOV })!;
    expect(cooled.areaM2).toBe(0);
    expect(cooled.polygon).toEqual([]);
  });

  it('returns null without usable frames', () => {
    expect(computeThermalExtent([], { thresholdC: 60, hfovDeg: HFOV })).toBeNull();
    expect(computeThermalExtent([{ deviceId: 'd', time: 0, lat, lon, relAltM: 0, frame, pose: null }], { thresholdC: 60, hfovDeg: HFOV })).toBeNull();
  });
});
