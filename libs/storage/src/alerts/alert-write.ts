import type { Alert, AlertReadingLink, AlertStep } from '@tianyan/contracts';

/**
 * One alert's share of a batched write: its row (inserted when new, else every mutable column
 * updated), the steps to append in their order and the readings to link.
 */
export interface AlertWrite {
  alert: Alert;
  insert: boolean;
  steps: readonly AlertStep[];
  readings: readonly AlertReadingLink[];
}
