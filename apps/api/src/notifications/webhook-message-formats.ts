import type { WebhookFormat } from '@tianyan/contracts';
import { dingtalkRobotFormat } from './dingtalk-robot.format';
import { genericWebhookFormat } from './generic-webhook.format';
import type { WebhookMessageFormat } from './webhook-message-format';
import { wecomRobotFormat } from './wecom-robot.format';

export const WEBHOOK_MESSAGE_FORMATS: Readonly<Record<WebhookFormat, WebhookMessageFormat>> = {
  generic: genericWebhookFormat,
  wecom: wecomRobotFormat,
  dingtalk: dingtalkRobotFormat,
};
