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
  const bytes = Buffer.from(frame.data, 'base64');
  const n = frame.w * frame.h;
  if (bytes.length < n * 2) return null;
  const { scaleC, offsetC } = frame;
  let hotPixels = 0;
  for (let i = 0; i < n; i++) {
    const raw = bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
    if (raw * scaleC + offsetC >= thresholdC) hotPixels++;
  }
  const pixelM = (2 * relAltM * Math.tan((hfovDeg * Math.PI) / 360)) / frame.w;
  const pixelAreaM2 = pixelM * pixelM;
  return { hotPixels, pixelAreaM2, areaM2: hotPixels * pixelAreaM2 };
}
