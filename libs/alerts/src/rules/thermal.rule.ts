import type { AlertLevel, DeviceReading, Stream } from '@tianyan/contracts';
import Denque from 'denque';
import type { Finding } from '../finding';
import { readingFinding } from '../finding-factory';
import { formatNumber } from '../format-number';
import type { RuleEvaluator, StoredRule } from '../rule-evaluator';
import { StatusMemory } from '../status-memory';
import { hotArea } from '../thermal-area';
import { Threshold } from '../threshold';

type Rule = StoredRule<'thermal'>;
type ThermalReading = DeviceReading<'drone/thermal'>;

interface AreaSample {
  time: number;
  areaM2: number;
}

/**
 * Hotspot temperature against colour limits, and — when the rule sets `areaGrowthPct` and frames
 * come with the readings — growth of the hot area within a sliding window of device time.
 */
export class ThermalRule implements RuleEvaluator {
  readonly streams: readonly Stream[] = ['drone/thermal'];
  private readonly hotspot: Threshold;
  private readonly growth: Threshold | null;
  private readonly memory = new StatusMemory();
  /**
   * Per device: hot-area samples within the window, oldest first. A double-ended queue, because a
   * window of a frame-rate camera holds thousands of samples and an array's splice(0, n) moves
   * them all on every frame (session 17: 4 % of the ingest thread once 120 s of frames had filled).
   */
  private readonly areas = new Map<string, Denque<AreaSample>>();

  constructor(readonly rule: Rule) {
    this.hotspot = new Threshold(rule.hotspotC, 'above', rule.hysteresisPct);
    this.growth = rule.areaGrowthPct ? new Threshold(rule.areaGrowthPct, 'above', rule.hysteresisPct) : null;
  }

  evaluate(reading: DeviceReading, out: Finding[]): void {
    if (reading.stream !== 'drone/thermal') return;
    this.evaluateHotspot(reading, out);
    // Frames are decoded only when the rule looks at area.
    if (this.growth !== null && reading.data.frame) this.evaluateArea(reading, this.growth, out);
  }

  private evaluateHotspot(reading: ThermalReading, out: Finding[]): void {
    const spot = reading.data.hotspot;
    const judgement = this.hotspot.judge(spot.tempC);
    const status = judgement === 'hold' || judgement === 'clear' ? judgement : 'level';
    if (!this.memory.admit(reading.deviceId, 'hotspot', status, reading.time)) return;
    const limit = this.hotspot.limitOf(judgement);
    const what = `Hotspot ${formatNumber(spot.tempC)} °C`;
    out.push(
      readingFinding(this.rule, reading, {
        subject: 'hotspot',
        status,
        level: status === 'level' ? (judgement as AlertLevel) : null,
        severity: spot.tempC,
        measure: { value: spot.tempC, limit, unit: '°C', basis: null, facts: { x: spot.x, y: spot.y, gainMode: reading.data.gainMode, quality: reading.quality } },
        title: status === 'level' ? `${what} ≥ ${judgement} limit ${formatNumber(limit)} °C` : `${what}: below ${formatNumber(limit)} °C`,
        lat: spot.lat,
        lon: spot.lon,
      }),
    );
  }

  private evaluateArea(reading: ThermalReading, growth: Threshold, out: Finding[]): void {
    let history = this.areas.get(reading.deviceId);
    const newest = history?.peekBack();
    // A late frame would rewrite the past the growth is measured against.
    if (newest !== undefined && reading.time <= newest.time) return;
    const area = hotArea(reading.data.frame!, this.rule.hotAreaThresholdC, reading.data.relAltM, this.rule.hfovDeg);
    if (area === null) return;
    if (history === undefined) this.areas.set(reading.deviceId, (history = new Denque<AreaSample>()));
    history.push({ time: reading.time, areaM2: area.areaM2 });
    const from = reading.time - this.rule.windowS * 1000;
    while (history.peekFront()!.time < from) history.shift();
    const baseline = history.peekFront()!.areaM2;
    // Growth from a few noisy pixels means nothing.
    if (baseline < this.rule.minAreaM2) return;
    const pct = ((area.areaM2 - baseline) / baseline) * 100;
    const judgement = growth.judge(pct);
    const status = judgement === 'hold' || judgement === 'clear' ? judgement : 'level';
    if (!this.memory.admit(reading.deviceId, 'hot-area', status, reading.time)) return;
    const limit = growth.limitOf(judgement);
    const what = `Hot area (≥ ${formatNumber(this.rule.hotAreaThresholdC)} °C) ${formatNumber(baseline)} → ${formatNumber(area.areaM2)} m² in ${this.rule.windowS} s: ${pct >= 0 ? '+' : ''}${formatNumber(pct)} %`;
    out.push(
      readingFinding(this.rule, reading, {
        subject: 'hot-area',
        status,
        level: status === 'level' ? (judgement as AlertLevel) : null,
        severity: pct,
        measure: {
          value: pct,
          limit,
          unit: '%',
          basis: null,
          facts: { areaM2: area.areaM2, baselineAreaM2: baseline, windowS: this.rule.windowS, hotPixels: area.hotPixels, thresholdC: this.rule.hotAreaThresholdC },
        },
        title: status === 'level' ? `${what} ≥ ${judgement} limit ${formatNumber(limit)} %` : what,
        lat: reading.data.hotspot.lat,
        lon: reading.data.hotspot.lon,
      }),
    );
  }
}
