import type { AlertLevel, AlertMeasure, AlertRule, DeviceKind, DeviceReading } from '@tianyan/contracts';
import type { Finding, FindingStatus } from './finding';
import { readingLat, readingLon } from './reading-position';

/** The parts of a finding a rule decides; the rest comes from the rule and the reading. */
export interface FindingParts {
  subject: string;
  status: FindingStatus;
  level: AlertLevel | null;
  severity: number | null;
  measure: AlertMeasure;
  title: string;
  /** Defaults to the reading's own position. */
  lat?: number | null;
  lon?: number | null;
}

export function readingFinding(rule: AlertRule, reading: DeviceReading, parts: FindingParts): Finding {
  // Called for every admitted reading: no intermediate objects, the position only when the rule gives none.
  const lat = parts.lat !== undefined ? parts.lat : readingLat(reading);
  const lon = parts.lon !== undefined ? parts.lon : readingLon(reading);
  return findingOf(rule, reading.deviceId, reading.kind, reading.drill, reading.time, parts, lat, lon, { stream: reading.stream, time: reading.time, seq: reading.seq });
}

/** A finding of a periodic check: no reading behind it, `at` is the check time. */
export function checkFinding(
  rule: AlertRule,
  device: { deviceId: string; kind: DeviceKind | null; drill?: boolean },
  at: number,
  parts: FindingParts,
): Finding {
  return findingOf(rule, device.deviceId, device.kind, device.drill, at, parts, parts.lat, parts.lon, null);
}

function findingOf(
  rule: AlertRule,
  deviceId: string,
  kind: DeviceKind | null,
  drill: boolean | undefined,
  at: number,
  parts: FindingParts,
  lat: number | null | undefined,
  lon: number | null | undefined,
  reading: Finding['reading'],
): Finding {
  return {
    ruleId: rule.id,
    ruleKind: rule.kind,
    ruleName: rule.name,
    deviceId,
    deviceKind: kind,
    subject: parts.subject,
    status: parts.status,
    level: parts.status === 'level' ? parts.level : null,
    severity: parts.severity,
    measure: parts.measure,
    title: parts.title,
    drill: drill ?? false,
    lat: lat ?? null,
    lon: lon ?? null,
    at,
    reading,
  };
}
