import { createHmac } from 'node:crypto';
import type { AlertLevel } from '@tianyan/contracts';
import { alertSummaryZh } from './alert-summary-zh';
import { fitRobotMarkdown, plainRobotText } from './robot-markdown';
import { robotReplyRejection } from './robot-reply';
import { truncateUtf8 } from './utf8-truncate';
import type { WebhookMessageFormat } from './webhook-message-format';

/** Kept well inside what DingTalk accepts for one markdown message. */
export const DINGTALK_TEXT_MAX_BYTES = 4000;

const COLOUR: Record<AlertLevel, string> = { red: '#F5222D', orange: '#FA8C16', yellow: '#D4B106', blue: '#1677FF' };

/**
 * DingTalk custom robot (钉钉自定义机器人): `{ msgtype: 'markdown', markdown: { title, text } }`. With
 * a signing secret (加签, `SEC…`) every attempt appends `timestamp` (ms) and
 * `sign = urlencode(base64(HMAC-SHA256(secret, timestamp + "\n" + secret)))`; DingTalk refuses a
 * timestamp more than an hour off, so retries sign afresh. A robot guarded by keywords needs one
 * that every message contains, such as 预警.
 */
export const dingtalkRobotFormat: WebhookMessageFormat = {
  body(event, alert) {
    const summary = alertSummaryZh(event, alert);
    const colour = COLOUR[alert.level];
    const blocks: string[] = [];
    if (summary.drillBanner) blocks.push(`#### <font color=#F5222D>${summary.drillBanner}</font>`);
    blocks.push(`### <font color=${colour}>${summary.levelWords}</font> · ${summary.eventWords}`);
    blocks.push(`**${plainRobotText(summary.title)}**`);
    blocks.push(summary.facts.map(([label, value]) => `- ${label}：${plainRobotText(value)}`).join('\n'));
    // The title is what the chat list and the phone notification show.
    const title = truncateUtf8(`${summary.drillBanner ? '【演练】' : ''}${summary.levelWords} ${summary.eventWords}：${summary.title}`, 200);
    return { msgtype: 'markdown', markdown: { title, text: fitRobotMarkdown(blocks.join('\n\n'), DINGTALK_TEXT_MAX_BYTES) } };
  },

  request(target, payload, context) {
    let url = target.url;
    if (target.secret) {
      const sign = createHmac('sha256', target.secret).update(`${context.now}\n${target.secret}`, 'utf8').digest('base64');
      url += `${url.includes('?') ? '&' : '?'}timestamp=${context.now}&sign=${encodeURIComponent(sign)}`;
    }
    return { url, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(payload) };
  },

  rejection: robotReplyRejection,
};
