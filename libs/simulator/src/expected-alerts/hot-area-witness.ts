import { levelReached, type AlertRuleOf, type DeviceReading } from '@tianyan/contracts';
import { inScope, isoAt, num, type AlertWitness, type Report } from './alert-witness';
import type { SimMessage } from '../scenario/sim-event';

interface Sample {
  time: number;
  areaM2: number;
}

type Frame = { w: number; h: number; scaleC: number; offsetC: number; data: string };

/** Pixels at or above `thresholdC` in a contract thermal frame (little-endian uint16, value × scale + offset). */
export function hotPixels(frame: Frame, thresholdC: number): number {
  const bytes = Buffer.from(frame.data, 'base64');
  const { scaleC, offsetC } = frame;
  let n = 0;
  for (let i = 0, end = frame.w * frame.h * 2; i < end; i += 2) if ((bytes[i]! | (bytes[i + 1]! << 8)) * scaleC + offsetC >= thresholdC) n++;
  return n;
}

/** Ground area of one pixel (m²): the horizontal field of view spread over the frame width, square pixels. */
export function pixelAreaM2(relAltM: number, hfovDeg: number, widthPx: number): number {
  const side = (2 * Math.max(0, relAltM) * Math.tan((hfovDeg * Math.PI) / 360)) / widthPx;
  return side * side;
}

/**
 * Hot-area growth over the window: the area of pixels ≥ `hotAreaThresholdC` in each emitted frame,
 * compared with the earliest frame of the same drone within the last `windowS` of device time; an
 * earliest area below `minAreaM2` is noise and is not compared. Frames replayed after a dropout carry
 * no pixels, and a frame older than one already seen cannot be measured against the past: neither
 * counts. Subject `hot-area`.
 */
export class HotAreaWitness implements AlertWitness {
  private readonly recent = new Map<string, Sample[]>();

  constructor(
    private readonly rule: AlertRuleOf<'thermal'>,
    private readonly report: Report,
  ) {}

  onMessage(_message: SimMessage, readings: readonly DeviceReading[]): void {
    const growth = this.rule.areaGrowthPct;
    if (!growth) return;
    for (const r of readings) {
      if (r.stream !== 'drone/thermal' || !r.data.frame || r.data.relAltM <= 0 || !inScope(this.rule, r.deviceId, r.kind)) continue;
      const window = this.recent.get(r.deviceId) ?? [];
      if (window.length > 0 && r.time <= window[window.length - 1]!.time) continue;
      const frame = r.data.frame;
      const areaM2 = hotPixels(frame, this.rule.hotAreaThresholdC) * pixelAreaM2(r.data.relAltM, this.rule.hfovDeg, frame.w);
      window.push({ time: r.time, areaM2 });
      while (window[0]!.time < r.time - this.rule.windowS * 1000) window.shift();
      this.recent.set(r.deviceId, window);
      const base = window[0]!;
      if (base.areaM2 < this.rule.minAreaM2) continue;
      const pct = ((areaM2 - base.areaM2) / base.areaM2) * 100;
      const level = levelReached(growth, pct);
      if (!level) continue;
      this.report({
        ruleKind: 'thermal',
        deviceId: r.deviceId,
        subject: 'hot-area',
        level,
        at: r.time,
        why: () =>
          `${r.deviceId} hot area (≥ ${this.rule.hotAreaThresholdC} °C) grew ${num(pct)} % from ${num(base.areaM2)} m² to ${num(areaM2)} m² in ${num((r.time - base.time) / 1000)} s ≥ ${growth[level]} % → ${level} at ${isoAt(r.time)}`,
      });
    }
  }
}
