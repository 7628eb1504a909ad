import type { AlertLevel } from '@tianyan/contracts';
import { alertSummaryZh } from './alert-summary-zh';
import { fitRobotMarkdown, plainRobotText } from './robot-markdown';
import { robotReplyRejection } from './robot-reply';
import type { WebhookMessageFormat } from './webhook-message-format';

/** WeCom refuses markdown content over 4096 bytes of UTF-8. */
export const WECOM_CONTENT_MAX_BYTES = 4096;

// WeCom markdown knows three colours only: warning (orange-red), info (green), comment (grey).
const COLOUR: Record<AlertLevel, 'warning' | 'comment'> = { red: 'warning', orange: 'warning', yellow: 'warning', blue: 'comment' };

/**
 * WeCom group robot (企业微信群机器人): `{ msgtype: 'markdown', markdown: { content } }` posted to the
 * robot's URL (its `key` is the credential). No signing: WeCom robots have none.
 */
export const wecomRobotFormat: WebhookMessageFormat = {
  body(event, alert) {
    const summary = alertSummaryZh(event, alert);
    const colour = COLOUR[alert.level];
    const lines: string[] = [];
    if (summary.drillBanner) lines.push(`**<font color="warning">${summary.drillBanner}</font>**`);
    lines.push(`### <font color="${colour}">${summary.levelWords}</font> · ${summary.eventWords}`);
    lines.push(`**${plainRobotText(summary.title)}**`);
    for (const [label, value] of summary.facts) {
      const shown = plainRobotText(value);
      lines.push(`> ${label}：${label === '测量值' ? `<font color="${colour}">${shown}</font>` : shown}`);
    }
    return { msgtype: 'markdown', markdown: { content: fitRobotMarkdown(lines.join('\n'), WECOM_CONTENT_MAX_BYTES) } };
  },

  request: (target, payload) => ({ url: target.url, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(payload) }),

  rejection: robotReplyRejection,
};
