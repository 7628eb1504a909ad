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
  return findingOf(rule, { deviceId: reading.deviceId, kind: reading.kind, drill: reading.drill }, reading.time, {
    ...parts,
    lat: parts.lat !== undefined ? parts.lat : readingLat(reading),
    lon: parts.lon !== undefined ? parts.lon : readingLon(reading),
  }, { stream: reading.stream, time: reading.time, seq: reading.seq });
}

/** A finding of a periodic check: no reading behind it, `at` is the check time. */
export function checkFinding(
  rule: AlertRule,
  device: { deviceId: string; kind: DeviceKind | null; drill?: boolean },
  at: number,
  parts: FindingParts,
): Finding {
  return findingOf(rule, device, at, parts, null);
}

function findingOf(
  rule: AlertRule,
  device: { deviceId: string; kind: DeviceKind | null; drill?: boolean },
  at: number,
  parts: FindingParts,
  reading: Finding['reading'],
): Finding {
  return {
    ruleId: rule.id,
    ruleKind: rule.kind,
    ruleName: rule.name,
    deviceId: device.deviceId,
    deviceKind: device.kind,
    subject: parts.subject,
    status: parts.status,
    level: parts.status === 'level' ? parts.level : null,
    severity: parts.severity,
    measure: parts.measure,
    title: parts.title,
    drill: device.drill ?? false,
    lat: parts.lat ?? null,
    lon: parts.lon ?? null,
    at,
    reading,
  };
}
