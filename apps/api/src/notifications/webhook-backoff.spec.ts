import { retryDelayMs } from './webhook-backoff';
import { DEFAULT_WEBHOOK_DELIVERY_OPTIONS } from './webhook-delivery-options';

describe('webhook retry backoff', () => {
  it('waits 1, 2, 4 … 64 s after the first seven failures and gives up after the eighth', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => retryDelayMs(attempt, DEFAULT_WEBHOOK_DELIVERY_OPTIONS));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, null]);
  });

  it('never waits longer than the cap', () => {
    const options = { ...DEFAULT_WEBHOOK_DELIVERY_OPTIONS, maxAttempts: 100 };
    expect(retryDelayMs(9, options)).toBe(256_000);
    expect(retryDelayMs(10, options)).toBe(300_000);
    expect(retryDelayMs(99, options)).toBe(300_000);
  });

  it('scales with the base delay (tests use milliseconds)', () => {
    expect([1, 2, 3].map((a) => retryDelayMs(a, { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 1000 }))).toEqual([5, 10, null]);
  });
});
