/** Local alias: global lookups are much slower inside Jest's VM context, and this is a hot path. */
const M = Math;
const RAD = M.PI / 180;

export interface CameraPose {
  /** Height above flat ground, m. */
  heightM: number;
  /** Compass direction the camera looks toward (aircraft heading + gimbal yaw), degrees. */
  yawDeg: number;
  /** Gimbal pitch, degrees: −90 looks straight down. */
  pitchDeg: number;
  hfovDeg: number;
}

export interface PixelGround {
  /** Ground offsets east/north of the camera, m; NaN where the pixel sees sky. */
  dx: Float32Array;
  dy: Float32Array;
  /** Side of the pixel's ground footprint, m (geometric mean of its along- and across-range sizes). */
  sizeM: Float32Array;
}

/**
 * Where each pixel of a w×h frame meets flat ground: a pinhole camera with square pixels (vertical
 * field of view from the aspect ratio), rotated by yaw and pitch, rows from the top of the image.
 * Flat ground is the approximation: relAltM is height above the take-off point.
 */
export function projectPixelsToGround(w: number, h: number, pose: CameraPose, into?: PixelGround): PixelGround {
  const n = w * h;
  // `into` (at least w×h long) spares the allocation when frames are re-projected often; sky pixels keep a stale sizeM.
  const dxs = into ? into.dx : new Float32Array(n);
  const dys = into ? into.dy : new Float32Array(n);
  const sizes = into ? into.sizeM : new Float32Array(n);
  const yaw = pose.yawDeg * RAD;
  const pitch = pose.pitchDeg * RAD;
  const fx = M.sin(yaw) * M.cos(pitch);
  const fy = M.cos(yaw) * M.cos(pitch);
  const fz = M.sin(pitch);
  const rx = M.cos(yaw);
  const ry = -M.sin(yaw);
  // up = right × forward (right has no vertical part)
  const ux = ry * fz;
  const uy = -rx * fz;
  const uz = rx * fy - ry * fx;
  const tanH = M.tan((pose.hfovDeg * RAD) / 2);
  const tanV = (tanH * h) / w;
  const pixelAngle = (2 * tanH) / w;
  let i = 0;
  for (let j = 0; j < h; j++) {
    const ay = (1 - (2 * (j + 0.5)) / h) * tanV;
    for (let k = 0; k < w; k++, i++) {
      const ax = ((2 * (k + 0.5)) / w - 1) * tanH;
      const dx = fx + ax * rx + ay * ux;
      const dy = fy + ax * ry + ay * uy;
      const dz = fz + ay * uz;
      const len = M.sqrt(dx * dx + dy * dy + dz * dz);
      const down = -dz / len; // sine of the grazing angle
      if (down < 0.03 || pose.heightM <= 0) {
        dxs[i] = NaN;
        dys[i] = NaN;
        continue;
      }
      const s = pose.heightM / -dz;
      dxs[i] = dx * s;
      dys[i] = dy * s;
      const range = s * len;
      const across = (range * pixelAngle) / len;
      sizes[i] = across / M.sqrt(down);
    }
  }
  return into ?? { dx: dxs, dy: dys, sizeM: sizes };
}
