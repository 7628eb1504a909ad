import { alertLevelRank, type AlertLevel, type WebhookEndpoint, type WebhookEvent } from '@tianyan/contracts';

/** What decides whether an endpoint is told about an alert event. */
export interface WebhookTopic {
  level: AlertLevel;
  /** The unit the alert is dispatched to; null before dispatch. */
  unitId: string | null;
  event: WebhookEvent;
}

/**
 * Enabled, at or below the alert's colour, listening to the event, and either for every unit or for
 * the alert's own (an endpoint limited to units hears nothing of an alert not yet dispatched).
 */
export function webhookEndpointMatches(endpoint: Pick<WebhookEndpoint, 'enabled' | 'minLevel' | 'unitIds' | 'events'>, topic: WebhookTopic): boolean {
  return (
    endpoint.enabled &&
    alertLevelRank(endpoint.minLevel) <= alertLevelRank(topic.level) &&
    endpoint.events.includes(topic.event) &&
    (endpoint.unitIds.length === 0 || (topic.unitId !== null && endpoint.unitIds.includes(topic.unitId.toLowerCase())))
  );
}
