import { z } from 'zod';
import { envelopeShape } from './envelope.schema';
import { latitude, longitude, percent } from './bounds';

export const FLIGHT_MODES = ['standby', 'takeoff', 'manual', 'wayline', 'orbit', 'rth', 'landing'] as const;
export const GAIN_MODES = ['high', 'low'] as const;

/** Measuring range per gain mode (°C), the union over H20T/M30T/H30T (domain.md §4.1). */
export const GAIN_RANGE_C = { high: { min: -40, max: 150 }, low: { min: -40, max: 550 } } as const;

export const droneTelemetrySchema = z.looseObject({
  ...envelopeShape,
  lat: latitude,
  lon: longitude,
  altM: z.number().min(-500).max(10000),
  relAltM: z.number().min(-50).max(1500),
  headingDeg: z.number().min(-180).max(360),
  groundSpeedMs: z.number().min(0).max(30),
  vertSpeedMs: z.number().min(-10).max(10),
  batteryPct: percent,
  gimbalPitchDeg: z.number().min(-120).max(45).optional(),
  gimbalYawDeg: z.number().min(-360).max(360).optional(),
  satellites: z.int().min(0).max(60).optional(),
  fixType: z.int().min(0).max(6).optional(),
  mode: z.enum(FLIGHT_MODES),
});

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const thermalFrame = z
  .object({
    w: z.int().min(1).max(640),
    h: z.int().min(1).max(512),
    scaleC: z.number().positive(),
    offsetC: z.number(),
    data: z.string().regex(BASE64, 'frame.data must be base64'),
  })
  .refine((f) => f.data.length === 4 * Math.ceil((f.w * f.h * 2) / 3), {
    message: 'frame.data must hold w×h uint16 values',
    path: ['data'],
  });

export const droneThermalSchema = z
  .looseObject({
    ...envelopeShape,
    lat: latitude,
    lon: longitude,
    relAltM: z.number().min(-50).max(1500),
    gainMode: z.enum(GAIN_MODES),
    tMinC: z.number(),
    tMaxC: z.number(),
    tMeanC: z.number(),
    hotspot: z.object({
      x: z.int().min(0),
      y: z.int().min(0),
      lat: latitude,
      lon: longitude,
      tempC: z.number(),
    }),
    frame: thermalFrame.optional(),
  })
  .superRefine((t, ctx) => {
    const range = GAIN_RANGE_C[t.gainMode];
    for (const key of ['tMinC', 'tMaxC', 'tMeanC'] as const) {
      if (t[key] < range.min || t[key] > range.max) {
        ctx.addIssue({ code: 'custom', path: [key], message: `outside the ${t.gainMode}-gain range ${range.min}…${range.max} °C` });
      }
    }
    if (!(t.tMinC <= t.tMeanC && t.tMeanC <= t.tMaxC)) {
      ctx.addIssue({ code: 'custom', path: ['tMeanC'], message: 'expected tMinC ≤ tMeanC ≤ tMaxC' });
    }
    if (t.hotspot.tempC < t.tMinC || t.hotspot.tempC > t.tMaxC) {
      ctx.addIssue({ code: 'custom', path: ['hotspot', 'tempC'], message: 'hotspot must lie within tMinC…tMaxC' });
    }
    if (t.frame && (t.hotspot.x >= t.frame.w || t.hotspot.y >= t.frame.h)) {
      ctx.addIssue({ code: 'custom', path: ['hotspot'], message: 'hotspot pixel outside the frame' });
    }
  });

export type DroneTelemetryPayload = z.output<typeof droneTelemetrySchema>;
export type DroneThermalPayload = z.output<typeof droneThermalSchema>;
