/**
 * The alert events the screen will receive once the alerts issue lands (DESIGN.md §7: four colours,
 * lifecycle). Declared here, beside their only consumer, until that issue puts the authoritative
 * types in `libs/contracts` (`alert:raised`, `alert:updated` in ServerToClientEvents): then this file
 * re-exports them and nothing else changes.
 */
export const ALERT_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];
export const ALERT_STATES = ['raised', 'acknowledged', 'dispatched', 'rectifying', 'reviewed', 'closed'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export interface AlertNotice {
  id: string;
  level: AlertLevel;
  state: AlertState;
  /** Epoch ms the condition started (device time). */
  raisedAt: number;
  deviceId: string | null;
  /** Rule id, e.g. `exposure:7783-06-4`, `obd-verdict`, `geofence:water-zone-1`. */
  rule: string;
  /** Human text as the server wrote it. */
  message: string;
}

export interface AlertServerEvents {
  'alert:raised': (alerts: AlertNotice[]) => void;
  'alert:updated': (alerts: AlertNotice[]) => void;
}

export const ALERT_EVENTS = ['alert:raised', 'alert:updated'] as const satisfies readonly (keyof AlertServerEvents)[];
