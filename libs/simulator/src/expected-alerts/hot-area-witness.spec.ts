import { makeDroneThermal } from '@tianyan/testing';
import type { Finding } from './alert-witness';
import { defaultRuleDefinitions } from './default-rule-definitions';
import { HotAreaWitness, hotPixels, pixelAreaM2 } from './hot-area-witness';
import { feed } from '../testing/witness-feed';

const T = Date.UTC(2024, 5, 1, 2, 0, 0);
const thermal = defaultRuleDefinitions().find((r) => r.kind === 'thermal')!;

/** A 40×32 low-gain frame with `hot` pixels at 300 °C on 20 °C ground. */
function frame(hot: number) {
  const bytes = Buffer.alloc(40 * 32 * 2);
  for (let i = 0; i < 40 * 32; i++) bytes.writeUInt16LE(Math.round(((i < hot ? 300 : 20) + 273.15) / 0.1), 2 * i);
  return { w: 40, h: 32, scaleC: 0.1, offsetC: -273.15, data: bytes.toString('base64') };
}

function shot(atS: number, hot: number, extra: Record<string, unknown> = {}) {
  return makeDroneThermal({ ts: T + atS * 1000, relAltM: 100, tMinC: 20, tMaxC: 300, tMeanC: 50, hotspot: { x: 0, y: 0, lat: 30.61, lon: 114.27, tempC: 300 }, frame: frame(hot), ...extra });
}

describe('hot-area growth witness', () => {
  it('turns pixels into ground area with the rule’s 40.6° field of view over the frame width', () => {
    // 2 × 100 m × tan(20.3°) / 40 px = 1.850 m per pixel
    expect(pixelAreaM2(100, 40.6, 40)).toBeCloseTo(3.4209, 3);
    expect(hotPixels(frame(37), 100)).toBe(37);
    expect(hotPixels(frame(37), 301)).toBe(0);
  });

  it('measures growth against the earliest frame of the last 2 min, if that one covers 100 m²', () => {
    const findings: Finding[] = [];
    const w = new HotAreaWitness(thermal, (f) => findings.push(f));
    // 3.42 m² per pixel: 30 px = 103 m², 10 px = 34 m².
    const frames = [[0, 40], [10, 32], [60, 44], [125, 42], [300, 10], [310, 40], [430, 35], [425, 90]] as const;
    for (const [atS, hot] of frames) feed(w, 'drone', 'drone-01', 'thermal', shot(atS, hot));
    expect(findings.map((f) => [(f.at - T) / 1000, f.level, f.subject])).toEqual([
      // 60 s: +10 % on the 40 px of 0 s (not +37.5 % on the smaller 32 px of 10 s).
      [125, 'yellow', 'hot-area'], // 0 s has left the window: +31 % on the 32 px of 10 s
      // 310 s: +300 % on 34 m² is noise. 425 s arrives after 430 s: not measured (it would be +125 %).
    ]);
    expect(findings[0]!.why()).toContain('31.25 %');
  });

  it('ignores frames without pixels (store-and-forward summaries) and keeps drones apart', () => {
    const findings: Finding[] = [];
    const w = new HotAreaWitness(thermal, (f) => findings.push(f));
    feed(w, 'drone', 'drone-01', 'thermal', shot(0, 30));
    feed(w, 'drone', 'drone-02', 'thermal', shot(1, 90));
    feed(w, 'drone', 'drone-01', 'thermal', shot(2, 90, { frame: undefined }));
    expect(findings).toEqual([]);
    feed(w, 'drone', 'drone-01', 'thermal', shot(3, 60));
    expect(findings.map((f) => [f.deviceId, f.level])).toEqual([['drone-01', 'red']]);
  });
});
