import type { WebhookEndpoint } from '@tianyan/contracts';
import { webhookEndpointMatches } from './webhook-endpoint-matches';

const UNIT_A = '2f0b8c1e-1c4e-4d8a-9a0e-1f2a3b4c5d6e';
const UNIT_B = '7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const endpoint = (over: Partial<WebhookEndpoint> = {}) => ({ enabled: true, minLevel: 'blue' as const, unitIds: [] as string[], events: ['raised' as const], ...over });

describe('which webhook endpoints hear of an alert event', () => {
  it('takes colours at or above the minimum', () => {
    const orangeUp = endpoint({ minLevel: 'orange' });
    expect(['blue', 'yellow', 'orange', 'red'].map((level) => webhookEndpointMatches(orangeUp, { level: level as 'red', unitId: null, event: 'raised' }))).toEqual([false, false, true, true]);
  });

  it('takes only the events it lists', () => {
    const e = endpoint({ events: ['escalated', 'overdue'] });
    expect(webhookEndpointMatches(e, { level: 'red', unitId: null, event: 'raised' })).toBe(false);
    expect(webhookEndpointMatches(e, { level: 'red', unitId: null, event: 'overdue' })).toBe(true);
  });

  it('with units, takes only alerts dispatched to one of them', () => {
    const e = endpoint({ unitIds: [UNIT_A] });
    expect(webhookEndpointMatches(e, { level: 'red', unitId: UNIT_A, event: 'raised' })).toBe(true);
    expect(webhookEndpointMatches(e, { level: 'red', unitId: UNIT_A.toUpperCase(), event: 'raised' })).toBe(true);
    expect(webhookEndpointMatches(e, { level: 'red', unitId: UNIT_B, event: 'raised' })).toBe(false);
    expect(webhookEndpointMatches(e, { level: 'red', unitId: null, event: 'raised' })).toBe(false);
    expect(webhookEndpointMatches(endpoint(), { level: 'red', unitId: UNIT_B, event: 'raised' })).toBe(true);
  });

  it('takes nothing while disabled', () => {
    expect(webhookEndpointMatches(endpoint({ enabled: false }), { level: 'red', unitId: null, event: 'raised' })).toBe(false);
  });
});
