import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Alert, WebhookDelivery, WebhookEvent } from '@tianyan/contracts';
import { WebhookDeliveryRepository, WebhookEndpointRepository, type DueWebhookDelivery, type SigningWebhookEndpoint } from '@tianyan/storage';
import { sampleAlert } from './sample-alert';
import { sendWebhook, type WebhookAttemptResult } from './send-webhook';
import { retryDelayMs } from './webhook-backoff';
import { DEFAULT_WEBHOOK_DELIVERY_OPTIONS, WEBHOOK_DELIVERY_OPTIONS, type WebhookDeliveryOptions } from './webhook-delivery-options';
import { WEBHOOK_MESSAGE_FORMATS } from './webhook-message-formats';

/** One stored payload goes into one statement, which embedded mode keeps under 48 KiB. */
const MAX_PAYLOAD_BYTES = 32 * 1024;

/**
 * Tells webhooks about alerts. `notify` stores one delivery per matching endpoint and wakes the
 * worker, which sends what is due, records every attempt and retries with backoff. The table is the
 * queue: what a restart interrupts is sent afterwards. Nothing here throws into the alert path.
 */
@Injectable()
export class WebhookNotifier implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookNotifier.name);
  private readonly options: WebhookDeliveryOptions;
  private readonly shutdown = new AbortController();
  private timer?: NodeJS.Timeout;
  private pass?: Promise<void>;
  private again = false;
  private queueTrouble = false;

  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    @Optional() @Inject(WEBHOOK_DELIVERY_OPTIONS) options: Partial<WebhookDeliveryOptions> | null = null,
  ) {
    this.options = { ...DEFAULT_WEBHOOK_DELIVERY_OPTIONS, ...options };
  }

  /** Picks up what an earlier run left pending. */
  onApplicationBootstrap(): void {
    this.wake();
  }

  /** Stops the loop; a send cut short goes back to the queue uncounted. */
  async onModuleDestroy(): Promise<void> {
    this.shutdown.abort();
    clearTimeout(this.timer);
    await this.pass;
  }

  notify(event: WebhookEvent, alert: Alert): Promise<void> {
    return this.notifyMany([{ event, alert }]);
  }

  /**
   * Queues the deliveries of many alert events (a committed batch) and wakes the worker once. The
   * endpoints come from the repository's short-lived cache, so this reads no endpoint rows per event.
   */
  async notifyMany(notices: ReadonlyArray<{ event: WebhookEvent; alert: Alert }>): Promise<void> {
    let queued = false;
    for (const { event, alert } of notices) {
      try {
        const endpoints = await this.endpoints.matching(alert.level, alert.unitId, event);
        if (endpoints.length === 0) continue;
        // Woken even if a later create fails: what was stored is sent.
        queued = true;
        const occurredAt = new Date();
        for (const endpoint of endpoints) {
          const payload = this.payloadFor(endpoint, event, alert, occurredAt);
          if (payload) await this.deliveries.create({ endpointId: endpoint.id, alertId: alert.id, event, payload, nextAttemptAt: occurredAt });
        }
      } catch (err) {
        this.logger.warn(`could not queue webhooks for ${event} of alert ${alert.id}: ${(err as Error).message}`);
      }
    }
    if (queued) this.wake();
  }

  /** Sends one test message about a sample drill alert, once and now, and returns its delivery. */
  async sendTest(endpoint: SigningWebhookEndpoint): Promise<WebhookDelivery> {
    const now = new Date();
    const payload = this.payloadFor(endpoint, 'raised', sampleAlert(now), now)!;
    const created = await this.deliveries.create({ endpointId: endpoint.id, alertId: null, event: 'raised', payload, nextAttemptAt: null });
    const result = await this.attempt(endpoint, created.id, 'raised', payload);
    const recorded = await this.deliveries.recordAttempt(created.id, { ...result, status: result.ok ? 'delivered' : 'failed', nextAttemptAt: null });
    return recorded ?? created;
  }

  /** Runs a pass now, or right after the one in progress. */
  private wake(): void {
    if (this.shutdown.signal.aborted) return;
    if (this.pass) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.pass = this.drain()
      .then(
        (nextInMs) => nextInMs,
        (err: Error) => {
          // Logged once per outage, not once per second while the database is away.
          if (!this.queueTrouble) this.logger.warn(`webhook queue unavailable, retrying: ${err.message}`);
          this.queueTrouble = true;
          return this.options.pollMs;
        },
      )
      .then((nextInMs) => {
        this.pass = undefined;
        // A wake that came in after the last look at the queue is not lost.
        const delay = this.again ? 0 : nextInMs;
        this.again = false;
        if (delay === null || this.shutdown.signal.aborted) return;
        this.timer = setTimeout(() => this.wake(), delay);
        this.timer.unref();
      });
  }

  /** Sends everything due; returns when to look again (null: nothing is waiting). */
  private async drain(): Promise<number | null> {
    do {
      this.again = false;
      const due = await this.deliveries.due(new Date(), this.options.batchSize, this.options.leaseMs);
      await Promise.all(due.map((d) => this.deliver(d)));
      if (due.length === this.options.batchSize) this.again = true;
    } while (this.again && !this.shutdown.signal.aborted);
    if (this.queueTrouble) this.logger.log('webhook queue available again');
    this.queueTrouble = false;
    const next = await this.deliveries.nextAttemptAt();
    return next === null ? null : Math.min(this.options.pollMs, Math.max(0, next.getTime() - Date.now()));
  }

  private async deliver(d: DueWebhookDelivery): Promise<void> {
    const result = await this.attempt(d.endpoint, d.id, d.event, d.payload);
    if (!result.ok && this.shutdown.signal.aborted) {
      await this.deliveries.release(d.id);
      return;
    }
    const attempts = d.attempts + 1;
    const delay = result.ok ? null : retryDelayMs(attempts, this.options);
    const status = result.ok ? 'delivered' : delay === null ? 'failed' : 'pending';
    await this.deliveries.recordAttempt(d.id, { ...result, status, nextAttemptAt: delay === null ? null : new Date(Date.now() + delay) });
    if (status === 'failed') {
      const about = d.alertId ? `alert ${d.alertId}` : 'a test message';
      this.logger.warn(`webhook "${d.endpoint.name}" gave up on ${d.event} of ${about} after ${attempts} attempts: ${result.error}`);
    }
  }

  private attempt(endpoint: { url: string; format: SigningWebhookEndpoint['format']; secret: string | null }, deliveryId: string, event: WebhookEvent, payload: object): Promise<WebhookAttemptResult> {
    const format = WEBHOOK_MESSAGE_FORMATS[endpoint.format];
    const request = format.request({ url: endpoint.url, secret: endpoint.secret }, payload, { deliveryId, event, now: Date.now() });
    return sendWebhook(request, format, { timeoutMs: this.options.timeoutMs, signal: this.shutdown.signal });
  }

  /** The body for one endpoint; an alert whose facts would not fit loses them (said so), not the message. */
  private payloadFor(endpoint: SigningWebhookEndpoint, event: WebhookEvent, alert: Alert, occurredAt: Date): object | null {
    const format = WEBHOOK_MESSAGE_FORMATS[endpoint.format];
    const payload = format.body(event, alert, occurredAt);
    if (Buffer.byteLength(JSON.stringify(payload)) <= MAX_PAYLOAD_BYTES) return payload;
    const omitted = { omitted: 'too large for a webhook; see the alert in Tianyan' };
    const slim = format.body(event, { ...alert, measure: { ...alert.measure, facts: omitted }, peak: { ...alert.peak, facts: omitted } }, occurredAt);
    if (Buffer.byteLength(JSON.stringify(slim)) <= MAX_PAYLOAD_BYTES) return slim;
    this.logger.warn(`webhook "${endpoint.name}": ${event} of alert ${alert.id} is too large to send`);
    return null;
  }
}
