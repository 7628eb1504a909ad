import { ALERT_LEVELS, toPpm, type Alert, type AlertLevel, type AlertReadingLink, type AlertRule, type LevelLimits, type Stream } from '@tianyan/contracts';

export interface LevelLimit {
  level: AlertLevel;
  value: number;
}

/** Which series shows an alert's readings, and the rule's colour limits in that series' unit. */
export interface AlertSeriesSpec {
  stream: Stream;
  field: string;
  /** Unit of the series values ('' when the rule names none). */
  unit: string;
  limits: LevelLimit[];
  direction: 'above' | 'below';
  /** Concentrations span decades (ppb traces, IDLH limits): drawn on a log axis. */
  log: boolean;
}

/** Margin around the triggering readings: the chart shows how the condition built up and ended. */
export const ALERT_SERIES_MARGIN_MS = 10 * 60 * 1000;

export function alertSeriesWindow(alert: Pick<Alert, 'firstReadingAt' | 'lastReadingAt'>): { from: number; to: number } {
  return { from: alert.firstReadingAt - ALERT_SERIES_MARGIN_MS, to: alert.lastReadingAt + ALERT_SERIES_MARGIN_MS };
}

function limitsOf(levels: LevelLimits, convert: (v: number) => number | undefined = (v) => v): LevelLimit[] {
  return ALERT_LEVELS.flatMap((level) => {
    const raw = levels[level];
    const value = raw === undefined ? undefined : convert(raw);
    return value === undefined ? [] : [{ level, value }];
  });
}

/**
 * The series of an alert: exposure → the compound's survey value (`gas:<cas>` on ms/survey) or, when
 * the GC-MS raised it, its identification (`compound:<cas>`); thermal → hotspot temperature; metric
 * and flatline → the rule's stream and field; low battery → battery. OBD verdicts, geofences and
 * the other device-health rules have no series (null). Without the rule, the alert's own limit is
 * the only line.
 */
export function alertSeriesSpec(alert: Alert, rule: AlertRule | null, readings: readonly AlertReadingLink[]): AlertSeriesSpec | null {
  const own: LevelLimit[] = alert.measure.limit === null ? [] : [{ level: alert.level, value: alert.measure.limit }];
  const r = rule && rule.id === alert.ruleId ? rule : null;
  switch (alert.ruleKind) {
    case 'exposure': {
      const cas = r?.kind === 'exposure' ? r.cas : alert.subject;
      const fromGcms = readings.length > 0 && readings.every((x) => x.stream === 'ms/identification');
      const limits = r?.kind === 'exposure' ? limitsOf(r.levels, (v) => toPpm(v, r.unit, cas)) : own;
      return { stream: fromGcms ? 'ms/identification' : 'ms/survey', field: `${fromGcms ? 'compound' : 'gas'}:${cas}`, unit: 'ppm', limits, direction: 'above', log: true };
    }
    case 'thermal': {
      // Hot-area growth is a % of an area, not a temperature: its limits do not belong on this axis.
      const limits = alert.subject === 'hot-area' ? [] : r?.kind === 'thermal' ? limitsOf(r.hotspotC) : own;
      return { stream: 'drone/thermal', field: 'hotspotTempC', unit: '°C', limits, direction: 'above', log: false };
    }
    case 'metric':
      if (r?.kind !== 'metric') return null;
      return { stream: r.stream, field: r.field, unit: r.unitLabel, limits: limitsOf(r.levels), direction: r.direction, log: false };
    case 'flatline':
      if (r?.kind !== 'flatline') return null;
      return { stream: r.stream, field: r.field, unit: '', limits: [], direction: 'above', log: false };
    case 'low-battery': {
      const kind = alert.deviceKind ?? 'drone';
      const stream: Stream = kind === 'drone' ? 'drone/telemetry' : `${kind}/status`;
      return { stream, field: 'batteryPct', unit: '%', limits: r?.kind === 'low-battery' ? limitsOf(r.levels) : own, direction: 'below', log: false };
    }
    case 'obd':
    case 'geofence':
    case 'offline':
    case 'clock-skew':
    case 'quarantine-rate':
    case 'receptor':
      return null;
  }
}
