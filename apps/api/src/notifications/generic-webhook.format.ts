import { createHmac } from 'node:crypto';
import type { WebhookMessageFormat } from './webhook-message-format';

/**
 * Plain JSON `{ event, occurredAt, alert }` for the receiver's own code. With a secret, the body is
 * signed like GitHub's webhooks: `X-Tianyan-Signature: sha256=<hex HMAC-SHA256 of the raw body>`.
 * `X-Tianyan-Delivery` is the same on every retry, so a receiver can drop duplicates.
 */
export const genericWebhookFormat: WebhookMessageFormat = {
  body: (event, alert, occurredAt) => ({ event, occurredAt: occurredAt.toISOString(), alert }),

  request(target, payload, context) {
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'x-tianyan-event': context.event,
      'x-tianyan-delivery': context.deliveryId,
    };
    if (target.secret) headers['x-tianyan-signature'] = `sha256=${createHmac('sha256', target.secret).update(body, 'utf8').digest('hex')}`;
    return { url: target.url, headers, body };
  },

  rejection: () => null,
};
