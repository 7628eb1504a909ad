import { Module } from '@nestjs/common';
import { WEBHOOK_DELIVERY_OPTIONS } from './webhook-delivery-options';
import { WebhookNotifier } from './webhook-notifier.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Alerts beyond the screen: outbound webhooks, their REST management and the delivery worker. */
@Module({
  controllers: [WebhooksController],
  providers: [WebhookNotifier, WebhooksService, { provide: WEBHOOK_DELIVERY_OPTIONS, useValue: {} }],
  exports: [WebhookNotifier],
})
export class NotificationsModule {}
