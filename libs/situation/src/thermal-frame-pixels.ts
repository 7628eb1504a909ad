import type { DroneThermalPayload } from '@tianyan/contracts';

/** A `drone/thermal` frame as the contract carries it. */
export type EncodedThermalFrame = NonNullable<DroneThermalPayload['frame']>;

/**
 * Temperatures (°C) of a contract thermal frame: base64 of w×h uint16 little-endian, row by row from
 * the top, °C = raw × scaleC + offsetC. Null when the data is shorter than w×h values.
 * (libs/alerts/src/thermal-area.ts reads the same encoding for its pixel count.)
 */
export function thermalFramePixels(frame: EncodedThermalFrame): Float32Array | null {
  const bytes = Buffer.from(frame.data, 'base64');
  const n = frame.w * frame.h;
  if (bytes.length < n * 2) return null;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (bytes[2 * i]! | (bytes[2 * i + 1]! << 8)) * frame.scaleC + frame.offsetC;
  return out;
}
