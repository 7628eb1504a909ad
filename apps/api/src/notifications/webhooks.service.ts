import { Injectable, NotFoundException } from '@nestjs/common';
import type { Page, WebhookDelivery, WebhookEndpoint } from '@tianyan/contracts';
import {
  WebhookDeliveryRepository, WebhookEndpointRepository, type WebhookDeliveryQuery, type WebhookEndpointChange, type WebhookEndpointInput,
} from '@tianyan/storage';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/authenticated-user';
import { WebhookNotifier } from './webhook-notifier.service';

/**
 * Webhook endpoints (admin). Every change is audited; secrets are write-only, and robot URLs, whose
 * query (`key=`, `access_token=`) is itself a credential, are logged without it.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly notifier: WebhookNotifier,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<WebhookEndpoint[]> {
    return this.endpoints.list();
  }

  async create(input: WebhookEndpointInput, actor: Actor): Promise<WebhookEndpoint> {
    const created = await this.endpoints.create(input);
    await this.audit.record(actor, 'webhook.create', { type: 'webhook', id: created.id }, { after: forAudit(created) });
    return created;
  }

  async update(id: string, change: WebhookEndpointChange, actor: Actor): Promise<WebhookEndpoint> {
    const before = await this.endpoints.get(id);
    if (!before) throw new NotFoundException(`no webhook ${id}`);
    const after = await this.endpoints.update(id, change);
    if (!after) throw new NotFoundException(`no webhook ${id}`);
    await this.audit.record(actor, 'webhook.update', { type: 'webhook', id }, {
      before: forAudit(before),
      after: { ...forAudit(after), ...(change.secret !== undefined ? { secretChanged: true } : {}) },
    });
    return after;
  }

  async remove(id: string, actor: Actor): Promise<void> {
    const before = await this.endpoints.get(id);
    if (!before || !(await this.endpoints.remove(id))) throw new NotFoundException(`no webhook ${id}`);
    await this.audit.record(actor, 'webhook.delete', { type: 'webhook', id }, { before: forAudit(before) });
  }

  async test(id: string, actor: Actor): Promise<WebhookDelivery> {
    const endpoint = await this.endpoints.getSigning(id);
    if (!endpoint) throw new NotFoundException(`no webhook ${id}`);
    const delivery = await this.notifier.sendTest(endpoint);
    await this.audit.record(actor, 'webhook.test', { type: 'webhook', id }, { after: { deliveryId: delivery.id, status: delivery.status, error: delivery.error } });
    return delivery;
  }

  queryDeliveries(query: WebhookDeliveryQuery): Promise<Page<WebhookDelivery>> {
    return this.deliveries.query(query);
  }
}

function forAudit(endpoint: WebhookEndpoint): WebhookEndpoint {
  return { ...endpoint, url: withoutQuery(endpoint.url) };
}

function withoutQuery(url: string): string {
  const at = url.search(/[?#]/);
  return at < 0 ? url : `${url.slice(0, at)}?…`;
}
