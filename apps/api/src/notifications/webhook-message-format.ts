import type { Alert, WebhookEvent } from '@tianyan/contracts';

/** One HTTP attempt, ready for fetch. */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookTarget {
  url: string;
  secret: string | null;
}

export interface WebhookAttemptContext {
  deliveryId: string;
  event: WebhookEvent;
  /** Epoch ms of this attempt (DingTalk signs it). */
  now: number;
}

/**
 * How one kind of receiver wants to hear about an alert. The body is built once and stored with the
 * delivery; the request around it is built per attempt, since signatures may carry the time.
 */
export interface WebhookMessageFormat {
  body(event: WebhookEvent, alert: Alert, occurredAt: Date): object;
  request(target: WebhookTarget, payload: object, context: WebhookAttemptContext): WebhookRequest;
  /** Why a 2xx response still means the message was refused; null when it was accepted. */
  rejection(responseText: string): string | null;
}
