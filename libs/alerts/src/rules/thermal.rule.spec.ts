import { makeDroneThermal } from '@tianyan/testing';
import type { Finding } from '../finding';
import { readingOf } from '../testing/test-reading';
import { thermalFrameOf } from '../testing/test-frame';
import { storedRule } from '../testing/test-rule';
import { ThermalRule } from './thermal.rule';

const T0 = Date.UTC(2025, 5, 1, 8);
const PIXEL_M2 = 3.4209; // 100 m up, 40.6° across 40 pixels

function shot(s: number, options: { hotPixels?: number; hotspotC?: number; relAltM?: number; frame?: boolean; late?: boolean } = {}) {
  const hotspotC = options.hotspotC ?? 300;
  const payload = makeDroneThermal({
    ts: T0 + s * 1000,
    relAltM: options.relAltM ?? 100,
    tMaxC: hotspotC,
    hotspot: { x: 5, y: 2, lat: 30.6125, lon: 114.2657, tempC: hotspotC },
    frame: options.frame === false ? undefined : thermalFrameOf(40, 32, options.hotPixels ?? 40),
  });
  return readingOf('drone/thermal', 'uav-1', payload, { late: options.late, receivedAt: T0 + 600_000 });
}

function rule(input: { areaGrowthPct?: { yellow?: number; orange?: number; red?: number } } = { areaGrowthPct: { yellow: 25, orange: 50, red: 100 } }) {
  return new ThermalRule(storedRule({ kind: 'thermal', name: 'fire', hotspotC: { blue: 80, yellow: 150, orange: 300, red: 500 }, windowS: 120, minAreaM2: 100, ...input }));
}
function run(r: ThermalRule, ...readings: ReturnType<typeof shot>[]): Finding[] {
  const out: Finding[] = [];
  for (const reading of readings) r.evaluate(reading, out);
  return out;
}
const area = (fs: Finding[]) => fs.filter((f) => f.subject === 'hot-area').map((f) => f.level ?? f.status);

describe('ThermalRule', () => {
  it('judges the hotspot temperature and places it at the hotspot', () => {
    const fs = run(rule({}), shot(0, { hotspotC: 120 }), shot(1, { hotspotC: 320 }), shot(2, { hotspotC: 75 }), shot(3, { hotspotC: 60 }));
    expect(fs.map((f) => f.level ?? f.status)).toEqual(['blue', 'orange', 'hold', 'clear']);
    expect(fs[1]).toMatchObject({ subject: 'hotspot', severity: 320, lat: 30.6125, lon: 114.2657, measure: { value: 320, limit: 300, unit: '°C' }, title: 'Hotspot 320 °C ≥ orange limit 300 °C' });
  });

  it('raises on hot-area growth within the window, measured against its earliest frame', () => {
    const r = rule();
    const fs = run(r, shot(0, { hotPixels: 40 }), shot(10, { hotPixels: 40 }), shot(20, { hotPixels: 45 }), shot(30, { hotPixels: 52 }), shot(40, { hotPixels: 62 }), shot(50, { hotPixels: 85 }));
    // 0 %, 0 %, +12.5 %, +30 %, +55 %, +112.5 %
    expect(area(fs)).toEqual(['clear', 'yellow', 'orange', 'red']);
    const red = fs.filter((f) => f.subject === 'hot-area').pop()!;
    expect(red.measure.value).toBeCloseTo(112.5, 6);
    expect(red.measure.facts).toMatchObject({ windowS: 120, hotPixels: 85 });
    expect(red.measure.facts['baselineAreaM2']).toBeCloseTo(40 * PIXEL_M2, 2);
    expect(red.measure.facts['areaM2']).toBeCloseTo(85 * PIXEL_M2, 2);
  });

  it('forgets frames older than the window', () => {
    const r = rule();
    run(r, shot(0, { hotPixels: 40 }), shot(100, { hotPixels: 60 }));
    // At 130 s the 0 s frame has left the 120 s window: 60 → 66 pixels is +10 %.
    expect(area(run(r, shot(130, { hotPixels: 66 })))).toEqual(['clear']);
  });

  it('slides the window frame by frame at a camera frame rate', () => {
    const r = rule();
    // 5 frames a second for 150 s, one more hot pixel a second: the window is 600 frames deep.
    const frames = Array.from({ length: 751 }, (_, k) => shot(k / 5, { hotPixels: 40 + Math.floor(k / 5) }));
    const last = run(r, ...frames).filter((f) => f.subject === 'hot-area').pop()!;
    // At 150 s the window starts at 30 s: 70 → 190 pixels.
    expect(last.measure.facts['baselineAreaM2']).toBeCloseTo(70 * PIXEL_M2, 1);
    expect(last.measure.value).toBeCloseTo(((190 - 70) / 70) * 100, 6);
  });

  it('ignores growth from an area too small to mean anything', () => {
    // 20 pixels = 68 m² < minAreaM2 100
    expect(area(run(rule(), shot(0, { hotPixels: 20 }), shot(10, { hotPixels: 200 })))).toEqual([]);
  });

  it('has no hot-area finding without frames, without area levels, or on the ground', () => {
    expect(area(run(rule(), shot(0, { frame: false }), shot(10, { frame: false })))).toEqual([]);
    expect(area(run(rule({}), shot(0, { hotPixels: 40 }), shot(10, { hotPixels: 200 })))).toEqual([]);
    expect(area(run(rule(), shot(0, { hotPixels: 40, relAltM: 0 }), shot(10, { hotPixels: 200, relAltM: 0 })))).toEqual([]);
  });

  it('does not let a late frame rewrite the window', () => {
    const r = rule();
    run(r, shot(0, { hotPixels: 40 }), shot(20, { hotPixels: 40 }));
    expect(area(run(r, shot(10, { hotPixels: 200, late: true })))).toEqual([]);
    expect(area(run(r, shot(30, { hotPixels: 52 })))).toEqual(['yellow']);
  });
});
