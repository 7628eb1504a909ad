import type { AlertLevel, AlertMeasure, AlertRuleKind, DeviceKind, Stream } from '@tianyan/contracts';

/** 'level': the condition holds at `level`; 'hold': inside the hysteresis band (no change); 'clear': the condition is gone. */
export type FindingStatus = 'level' | 'hold' | 'clear';

/** What one rule saw in one reading (or one periodic check): the unit the alert tracker consumes. */
export interface Finding {
  ruleId: string;
  ruleKind: AlertRuleKind;
  ruleName: string;
  deviceId: string | null;
  deviceKind: DeviceKind | null;
  /** Within the rule: CAS number (exposure), VIN (obd), 'hotspot' / 'hot-area' (thermal), trigger (geofence), 'offline', `${stream}:${field}` (flatline, metric), 'clock', 'battery', 'quarantine'. */
  subject: string;
  status: FindingStatus;
  /** Set iff status === 'level'. */
  level: AlertLevel | null;
  /** Higher = worse, comparable within one rule × subject (value for 'above' rules, -value for 'below'); null when there is no number. */
  severity: number | null;
  measure: AlertMeasure;
  /** English, e.g. "H2S 0.82 ppm ≥ AEGL-1 (60 min) = 0.51 ppm". */
  title: string;
  drill: boolean;
  lat: number | null;
  lon: number | null;
  /** Device time (ms) of the reading, or the check time for periodic checks. */
  at: number;
  reading: { stream: Stream; time: number; seq: number } | null;
}
