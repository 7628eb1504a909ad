import type { WebhookDeliveryOptions } from './webhook-delivery-options';

/**
 * The wait after failed attempt number `attempt` (1-based): base, 2×base, 4×base, … capped.
 * Null when that was the last attempt allowed.
 */
export function retryDelayMs(attempt: number, options: Pick<WebhookDeliveryOptions, 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs'>): number | null {
  if (attempt >= options.maxAttempts) return null;
  // The exponent is capped so a large attempt count cannot overflow to Infinity.
  return Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40));
}
