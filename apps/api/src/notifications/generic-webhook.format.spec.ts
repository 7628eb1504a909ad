import { createHmac } from 'node:crypto';
import { genericWebhookFormat } from './generic-webhook.format';
import { sampleAlert } from './sample-alert';

const now = new Date('2026-03-01T02:03:04.000Z');
const alert = { ...sampleAlert(now), id: '5b0f6d1e-8f3c-4c55-9a57-0d7c1d5e7a10', drill: false };
const context = { deliveryId: 'd-1', event: 'escalated' as const, now: now.getTime() };

describe('generic webhook format', () => {
  it('sends { event, occurredAt, alert } as JSON, with the event and delivery id in headers', () => {
    const payload = genericWebhookFormat.body('escalated', alert, now);
    expect(payload).toEqual({ event: 'escalated', occurredAt: '2026-03-01T02:03:04.000Z', alert });
    const request = genericWebhookFormat.request({ url: 'https://hooks.example.org/in?x=1', secret: null }, payload, context);
    expect(request.url).toBe('https://hooks.example.org/in?x=1');
    expect(JSON.parse(request.body)).toEqual(JSON.parse(JSON.stringify(payload)));
    expect(request.headers).toEqual({ 'content-type': 'application/json; charset=utf-8', 'x-tianyan-event': 'escalated', 'x-tianyan-delivery': 'd-1' });
  });

  it('signs the exact body with the secret (hex HMAC-SHA256), and the signature changes with the body', () => {
    const payload = genericWebhookFormat.body('escalated', alert, now);
    const request = genericWebhookFormat.request({ url: 'https://hooks.example.org/in', secret: 's3cr3t' }, payload, context);
    const expected = createHmac('sha256', 's3cr3t').update(Buffer.from(request.body, 'utf8')).digest('hex');
    expect(request.headers['x-tianyan-signature']).toBe(`sha256=${expected}`);
    const other = genericWebhookFormat.request({ url: 'https://hooks.example.org/in', secret: 's3cr3t' }, { ...payload, event: 'raised' }, context);
    expect(other.headers['x-tianyan-signature']).not.toBe(request.headers['x-tianyan-signature']);
  });

  it('accepts any 2xx reply', () => {
    expect(genericWebhookFormat.rejection('')).toBeNull();
    expect(genericWebhookFormat.rejection('{"errcode":1}')).toBeNull();
  });
});
