import { alertLevelRank, type Alert, type AlertLevel, type ReplayAlertEvent } from '@tianyan/contracts';

export interface TimelineMarker {
  alertId: string;
  at: number;
  /** 0…1 across the incident window. */
  fraction: number;
  level: AlertLevel;
  drill: boolean;
}

/** Where `t` sits on the bar, 0…1 (clamped). */
export function timeToFraction(t: number, from: number, to: number): number {
  if (!(to > from)) return 0;
  return Math.min(1, Math.max(0, (t - from) / (to - from)));
}

/** The time under a pointer at `fraction` of the bar, whole ms. */
export function fractionToTime(fraction: number, from: number, to: number): number {
  return Math.round(from + Math.min(1, Math.max(0, fraction)) * Math.max(0, to - from));
}

/** One marker per raise inside the window (escalations keep the marker, at the worst level seen). */
export function alertMarkers(events: readonly ReplayAlertEvent[], from: number, to: number): TimelineMarker[] {
  const byAlert = new Map<string, TimelineMarker>();
  for (const e of events) {
    if (e.at < from || e.at > to) continue;
    const held = byAlert.get(e.alert.id);
    const level = e.step.level;
    if (!held) byAlert.set(e.alert.id, { alertId: e.alert.id, at: e.at, fraction: timeToFraction(e.at, from, to), level, drill: e.alert.drill });
    else if (alertLevelRank(level) > alertLevelRank(held.level)) held.level = level;
  }
  return [...byAlert.values()].sort((a, b) => a.at - b.at);
}

/** Markers from the alert list of the window (before the stream has delivered their events). */
export function markersFromAlerts(alerts: readonly Alert[], from: number, to: number): TimelineMarker[] {
  return alerts
    .map((a) => ({ alertId: a.id, at: Date.parse(a.raisedAt), fraction: 0, level: a.peakLevel, drill: a.drill }))
    .filter((m) => m.at >= from && m.at <= to)
    .map((m) => ({ ...m, fraction: timeToFraction(m.at, from, to) }))
    .sort((a, b) => a.at - b.at);
}
