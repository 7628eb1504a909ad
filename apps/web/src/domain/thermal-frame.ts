/** A decoded radiometric frame: `values[y * w + x]` in °C, row 0 at the top. */
export interface ThermalGrid {
  readonly w: number;
  readonly h: number;
  readonly values: Float32Array;
  readonly min: number;
  readonly max: number;
}

export interface EncodedFrame {
  readonly w: number;
  readonly h: number;
  readonly scaleC: number;
  readonly offsetC: number;
  /** base64 of uint16 little-endian, row-major. */
  readonly data: string;
}

function base64Bytes(data: string): Uint8Array {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Device contract v1 `drone/thermal.frame`: °C = value × scaleC + offsetC. Null when the data is short. */
export function decodeThermalFrame(frame: EncodedFrame): ThermalGrid | null {
  const bytes = base64Bytes(frame.data);
  const n = frame.w * frame.h;
  if (bytes.length < n * 2) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float32Array(n);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const c = view.getUint16(i * 2, true) * frame.scaleC + frame.offsetC;
    values[i] = c;
    if (c < min) min = c;
    if (c > max) max = c;
  }
  return { w: frame.w, h: frame.h, values, min, max };
}
