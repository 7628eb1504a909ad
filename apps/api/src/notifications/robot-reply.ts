/**
 * WeCom and DingTalk robots answer HTTP 200 even when they refuse a message; the reply's `errcode`
 * says whether it was posted (0) or why not (DingTalk 310000: signature, keyword or IP check failed).
 */
export function robotReplyRejection(responseText: string): string | null {
  let reply: { errcode?: unknown; errmsg?: unknown };
  try {
    reply = JSON.parse(responseText) as { errcode?: unknown; errmsg?: unknown };
  } catch {
    return `not a robot reply: ${responseText.slice(0, 200)}`;
  }
  if (reply?.errcode === 0) return null;
  return reply?.errcode === undefined ? `robot reply without errcode: ${responseText.slice(0, 200)}` : `errcode ${String(reply.errcode)}: ${String(reply.errmsg ?? '')}`.trim();
}
