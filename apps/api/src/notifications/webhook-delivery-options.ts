/** How hard the notifier tries. Tests shrink the delays; production keeps the defaults. */
export interface WebhookDeliveryOptions {
  /** Attempts before a delivery is given up as failed. */
  maxAttempts: number;
  /** Wait after the first failed attempt; it doubles after each further one… */
  baseDelayMs: number;
  /** …up to this. */
  maxDelayMs: number;
  /** One attempt, connect to last byte of the reply. */
  timeoutMs: number;
  /** Longest pause between two looks at the queue while deliveries are waiting. */
  pollMs: number;
  /** Deliveries sent side by side in one pass. */
  batchSize: number;
  /** How long a claimed delivery is held by this process before another may send it. */
  leaseMs: number;
}

export const DEFAULT_WEBHOOK_DELIVERY_OPTIONS: Readonly<WebhookDeliveryOptions> = {
  maxAttempts: 8,
  baseDelayMs: 1000,
  maxDelayMs: 5 * 60_000,
  timeoutMs: 5000,
  pollMs: 1000,
  batchSize: 20,
  leaseMs: 60_000,
};

/** Nest token for a `Partial<WebhookDeliveryOptions>` (override it in tests). */
export const WEBHOOK_DELIVERY_OPTIONS = Symbol('WEBHOOK_DELIVERY_OPTIONS');
