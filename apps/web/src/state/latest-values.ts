import type { DeviceReading, Stream } from '@tianyan/contracts';
import { gasName, type Locale, type Translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { formatAge, formatDateTime, formatLatLon, formatValue } from '../format/format';
import type { DeviceView } from './fleet-store';
import { typed } from '../live/typed-reading';

export type RowTone = 'normal' | 'warn' | 'late';

export interface LatestRow {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  readonly unit?: string;
  readonly tone?: RowTone;
}

export interface LatestPanelModel {
  /** The reading the rows describe, or null before any data. */
  readonly stream: Stream | null;
  readonly time: number | null;
  readonly late: boolean;
  readonly ageText: string;
  readonly rows: readonly LatestRow[];
}

const MAIN_STREAM = { drone: 'drone/telemetry', ms: 'ms/survey', obd: 'obd/inspection' } as const;

/**
 * Rows of the "latest values" panel for a device: the newest reading of its main stream, with
 * its device time and age. A late reading is labelled as such and its age shown, never "now".
 */
export function latestPanelModel(device: DeviceView, now: number, t: Translate, locale: Locale): LatestPanelModel {
  const stored = device.latest[MAIN_STREAM[device.kind]];
  const common: LatestRow[] = [
    { key: 'state', label: t('metric.state'), value: t(`state.${device.state}` as MessageKey), tone: device.online ? 'normal' : 'warn' },
  ];
  if (device.batteryPct !== null && device.kind !== 'drone') {
    common.push({ key: 'battery', label: t('device.battery'), value: formatValue(device.batteryPct), unit: '%', tone: device.batteryPct < 20 ? 'warn' : 'normal' });
  }
  if (!stored) return { stream: null, time: null, late: false, ageText: t('device.noData'), rows: common };

  const reading = typed(stored);
  const rows: LatestRow[] = [...readingRows(stored, t, locale), ...common];
  rows.push({ key: 'time', label: t('metric.time'), value: formatDateTime(reading.time), tone: reading.late ? 'late' : 'normal' });
  if ('lat' in reading.data && 'lon' in reading.data) {
    rows.push({ key: 'position', label: t('metric.position'), value: formatLatLon(reading.data.lat, reading.data.lon) });
  }
  if (reading.quality !== 'N') rows.push({ key: 'quality', label: t('metric.quality'), value: reading.quality, tone: 'warn' });
  return { stream: reading.stream, time: reading.time, late: reading.late, ageText: formatAge(now - reading.time, t), rows };
}

function num(key: string, label: string, v: number | undefined | null, unit?: string, tone: RowTone = 'normal'): LatestRow {
  return { key, label, value: v === undefined || v === null ? '—' : formatValue(v), ...(unit ? { unit } : {}), tone };
}

function readingRows(source: DeviceReading, t: Translate, locale: Locale): LatestRow[] {
  const r = typed(source);
  switch (r.stream) {
    case 'drone/telemetry': {
      const d = r.data;
      return [
        { key: 'mode', label: t('metric.mode'), value: t(`mode.${d.mode}` as MessageKey) },
        num('relAltM', t('metric.relAltM'), d.relAltM, 'm'),
        num('altM', t('metric.altM'), d.altM, 'm'),
        num('groundSpeedMs', t('metric.groundSpeedMs'), d.groundSpeedMs, 'm/s'),
        num('vertSpeedMs', t('metric.vertSpeedMs'), d.vertSpeedMs, 'm/s'),
        num('headingDeg', t('metric.headingDeg'), d.headingDeg, '°'),
        num('batteryPct', t('metric.batteryPct'), d.batteryPct, '%', d.batteryPct < 25 ? 'warn' : 'normal'),
        num('satellites', t('metric.satellites'), d.satellites),
      ];
    }
    case 'ms/survey':
      return [
        ...r.data.gases.map((g) =>
          g.ppm === null
            ? { key: `gas:${g.cas}`, label: gasName(locale, g.cas, g.name), value: formatValue(g.value), unit: g.unit }
            : num(`gas:${g.cas}`, gasName(locale, g.cas, g.name), g.ppm, 'ppm'),
        ),
        num('tic', t('metric.tic'), r.data.tic),
      ];
    case 'obd/inspection': {
      const d = r.data;
      const runs = d.opacity.kM1;
      const meanK = runs.reduce((a, b) => a + b, 0) / runs.length;
      return [
        { key: 'plate', label: t('metric.plate'), value: d.plate },
        { key: 'vin', label: t('metric.vin'), value: d.vin },
        num('noxPpm', t('metric.noxPpm'), d.noxPpm, 'ppm'),
        { key: 'opacity', label: t('metric.opacityMeanKM1'), value: `${formatValue(meanK)} (${runs.map(formatValue).join(' / ')})`, unit: 'm⁻¹' },
        num('ureaPct', t('metric.ureaPct'), d.ureaPct, '%'),
        { key: 'mil', label: t('metric.mil'), value: d.obd.mil === undefined ? '—' : t(d.obd.mil ? 'value.on' : 'value.off'), tone: d.obd.mil ? 'warn' : 'normal' },
        { key: 'dtcs', label: t('metric.dtcs'), value: d.obd.dtcs.length ? d.obd.dtcs.join(', ') : t('value.none'), tone: d.obd.dtcs.length ? 'warn' : 'normal' },
      ];
    }
    case 'drone/thermal':
    case 'ms/identification':
    case 'drone/status':
    case 'ms/status':
    case 'obd/status':
      return [];
  }
}
