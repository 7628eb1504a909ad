import type { DeviceKind, DeviceReading, Stream } from '@tianyan/contracts';
import type { MessageKey } from '../i18n/messages';
import { typed } from '../live/typed-reading';

/**
 * What the live chart plots per device kind, and how to read it out of a reading. `field` is the
 * series API's field name for the same metric, so history (REST) and live fill one buffer.
 */
export interface MetricDef {
  readonly key: string;
  readonly stream: Stream;
  readonly field: string;
  readonly unit: string;
}

export interface MetricSample {
  readonly key: string;
  readonly t: number;
  readonly v: number;
}

/** One grid of the live chart: metrics sharing a unit. Gas panels list their metrics at run time. */
export interface ChartPanelDef {
  readonly id: string;
  readonly titleKey: MessageKey;
  readonly unit: string;
  readonly metricKeys: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

export const GAS_METRIC_PREFIX = 'gas:';

const DRONE_METRICS: readonly MetricDef[] = [
  { key: 'relAltM', stream: 'drone/telemetry', field: 'relAltM', unit: 'm' },
  { key: 'groundSpeedMs', stream: 'drone/telemetry', field: 'groundSpeedMs', unit: 'm/s' },
  { key: 'batteryPct', stream: 'drone/telemetry', field: 'batteryPct', unit: '%' },
  { key: 'hotspotTempC', stream: 'drone/thermal', field: 'hotspotTempC', unit: '°C' },
];

const OBD_METRICS: readonly MetricDef[] = [
  { key: 'noxPpm', stream: 'obd/inspection', field: 'noxPpm', unit: 'ppm' },
  { key: 'opacityMeanKM1', stream: 'obd/inspection', field: 'opacityMeanKM1', unit: 'm⁻¹' },
];

export function gasMetricKey(cas: string): string {
  return `${GAS_METRIC_PREFIX}${cas}`;
}

export function casOfMetric(key: string): string | null {
  return key.startsWith(GAS_METRIC_PREFIX) ? key.slice(GAS_METRIC_PREFIX.length) : null;
}

/** Metrics of a device: fixed per kind, plus one per compound the mass spectrometer reported. */
export function metricDefsFor(kind: DeviceKind, gasCas: readonly string[] = []): MetricDef[] {
  switch (kind) {
    case 'drone':
      return [...DRONE_METRICS];
    case 'obd':
      return [...OBD_METRICS];
    case 'ms':
      return gasCas.map((cas) => ({ key: gasMetricKey(cas), stream: 'ms/survey', field: gasMetricKey(cas), unit: 'ppm' }));
  }
}

export function chartPanelsFor(kind: DeviceKind, gasCas: readonly string[] = []): ChartPanelDef[] {
  switch (kind) {
    case 'drone':
      return [
        { id: 'altitude', titleKey: 'metric.relAltM', unit: 'm', metricKeys: ['relAltM'] },
        { id: 'speed', titleKey: 'metric.groundSpeedMs', unit: 'm/s', metricKeys: ['groundSpeedMs'], min: 0 },
        { id: 'battery', titleKey: 'metric.batteryPct', unit: '%', metricKeys: ['batteryPct'], min: 0, max: 100 },
        { id: 'hotspot', titleKey: 'metric.hotspotTempC', unit: '°C', metricKeys: ['hotspotTempC'] },
      ];
    case 'ms':
      return [{ id: 'gases', titleKey: 'metric.gases', unit: 'ppm', metricKeys: gasCas.map(gasMetricKey), min: 0 }];
    case 'obd':
      return [
        { id: 'nox', titleKey: 'metric.noxPpm', unit: 'ppm', metricKeys: ['noxPpm'], min: 0 },
        { id: 'opacity', titleKey: 'metric.opacityMeanKM1', unit: 'm⁻¹', metricKeys: ['opacityMeanKM1'], min: 0 },
      ];
  }
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The chart values one reading carries (empty for streams the chart does not plot). */
export function metricSamples(source: DeviceReading): MetricSample[] {
  const reading = typed(source);
  const t = reading.time;
  const out: MetricSample[] = [];
  const add = (key: string, v: number | null | undefined): void => {
    if (typeof v === 'number' && Number.isFinite(v)) out.push({ key, t, v });
  };
  switch (reading.stream) {
    case 'drone/telemetry':
      add('relAltM', reading.data.relAltM);
      add('groundSpeedMs', reading.data.groundSpeedMs);
      add('batteryPct', reading.data.batteryPct);
      break;
    case 'ms/survey':
      for (const gas of reading.data.gases) add(gasMetricKey(gas.cas), gas.ppm);
      break;
    case 'obd/inspection':
      add('noxPpm', reading.data.noxPpm);
      add('opacityMeanKM1', mean(reading.data.opacity.kM1));
      break;
    case 'drone/thermal':
      add('hotspotTempC', reading.data.hotspot.tempC);
      break;
    case 'ms/identification':
    case 'drone/status':
    case 'ms/status':
    case 'obd/status':
      break;
  }
  return out;
}
