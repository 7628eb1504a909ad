/** A `drone/thermal` frame encoded like the simulator's camera: uint16 LE, °C = raw × scaleC + offsetC; the first `hotPixels` are hot. */
export function thermalFrameOf(w: number, h: number, hotPixels: number, hotC = 300, coldC = 20, scaleC = 0.1, offsetC = -273.15) {
  const bytes = Buffer.alloc(w * h * 2);
  for (let i = 0; i < w * h; i++) bytes.writeUInt16LE(Math.round(((i < hotPixels ? hotC : coldC) - offsetC) / scaleC), i * 2);
  return { w, h, scaleC, offsetC, data: bytes.toString('base64') };
}
