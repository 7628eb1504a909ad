/** A `drone/thermal` frame as the contract carries it: base64 of w×h uint16 LE, °C = raw × scaleC + offsetC. */
export interface EncodedThermalFrame {
  w: number;
  h: number;
  scaleC: number;
  offsetC: number;
  data: string;
}

export interface HotArea {
  hotPixels: number;
  /** Ground area of one pixel, m². */
  pixelAreaM2: number;
  areaM2: number;
}

/**
 * Ground area of the pixels at or above `thresholdC`, for a nadir view with square pixels: the frame
 * covers 2 · relAltM · tan(hfov / 2) metres across, split into w pixels. Null when the frame data is
 * short or the drone is not above its take-off point (no footprint to measure).
 */
export function hotArea(frame: EncodedThermalFrame, thresholdC: number, relAltM: number, hfovDeg: number): HotArea | null {
  if (!(relAltM > 0)) return null;
  const length = decodeBase64(frame.data);
  const n = frame.w * frame.h;
  if (length < n * 2) return null;
  const { scaleC, offsetC } = frame;
  let hotPixels = 0;
  if (scaleC > 0 && scratchRaw !== null) {
    // Whole numbers only: the raw value from which a pixel is hot, found once per frame.
    const hotFrom = lowestHotRaw(scaleC, offsetC, thresholdC);
    for (let i = 0; i < n; i++) if (scratchRaw[i]! >= hotFrom) hotPixels++;
  } else {
    for (let i = 0; i < n; i++) {
      const raw = scratch[2 * i]! | (scratch[2 * i + 1]! << 8);
      if (raw * scaleC + offsetC >= thresholdC) hotPixels++;
    }
  }
  const pixelM = (2 * relAltM * Math.tan((hfovDeg * Math.PI) / 360)) / frame.w;
  const pixelAreaM2 = pixelM * pixelM;
  return { hotPixels, pixelAreaM2, areaM2: hotPixels * pixelAreaM2 };
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** One decode buffer, reused (a frame per thermal reading would otherwise allocate one each)… */
let scratch = Buffer.alloc(0);
/** …and its uint16 LE pixels read in place, where the host is little-endian. */
let scratchRaw: Uint16Array | null = null;

/** Decodes into `scratch`, valid until the next call; returns the byte length. */
function decodeBase64(data: string): number {
  const size = Buffer.byteLength(data, 'base64');
  if (scratch.length < size) {
    scratch = Buffer.alloc(Math.max(size, scratch.length * 2));
    const aligned = scratch.byteOffset % 2 === 0;
    scratchRaw = LITTLE_ENDIAN_HOST && aligned ? new Uint16Array(scratch.buffer, scratch.byteOffset, scratch.length >> 1) : null;
  }
  return scratch.write(data, 'base64');
}

/**
 * The smallest raw value whose °C (computed exactly as per pixel) reaches `thresholdC`, 65536 if none:
 * with scaleC > 0 that °C never decreases as raw grows, so one search replaces a multiply per pixel.
 */
function lowestHotRaw(scaleC: number, offsetC: number, thresholdC: number): number {
  let lo = 0;
  let hi = 65536;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (mid * scaleC + offsetC >= thresholdC) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
