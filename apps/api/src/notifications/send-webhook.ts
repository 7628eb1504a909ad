import type { WebhookMessageFormat, WebhookRequest } from './webhook-message-format';

export interface WebhookAttemptResult {
  ok: boolean;
  /** Null when no HTTP reply came (refused, timed out, aborted). */
  httpStatus: number | null;
  error: string | null;
}

const MAX_ERROR_CHARS = 500;

/**
 * One attempt: POST, at most `timeoutMs` for the whole exchange, no redirects followed (a webhook
 * that moved must be edited, not guessed). Never throws: every outcome is a result to record.
 */
export async function sendWebhook(
  request: WebhookRequest,
  format: Pick<WebhookMessageFormat, 'rejection'>,
  { timeoutMs, signal }: { timeoutMs: number; signal?: AbortSignal },
): Promise<WebhookAttemptResult> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(request.url, {
      method: 'POST',
      headers: { 'user-agent': 'Tianyan-Webhook/1', ...request.headers },
      body: request.body,
      redirect: 'manual',
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    });
    const text = await res.text();
    if (res.status < 200 || res.status > 299) return { ok: false, httpStatus: res.status, error: clip(`HTTP ${res.status}${text ? `: ${text}` : ''}`) };
    const rejection = format.rejection(text);
    return rejection ? { ok: false, httpStatus: res.status, error: clip(rejection) } : { ok: true, httpStatus: res.status, error: null };
  } catch (err) {
    if (timeout.aborted) return { ok: false, httpStatus: null, error: `no reply within ${timeoutMs} ms` };
    return { ok: false, httpStatus: null, error: clip(describe(err)) };
  }
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a TLS error) is its cause. */
function describe(err: unknown): string {
  const e = err as Error & { cause?: Error & { code?: string } };
  if (e?.cause) return `${e.message}: ${e.cause.code ?? ''} ${e.cause.message ?? ''}`.trim();
  return e?.message ?? String(err);
}

function clip(text: string): string {
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text;
}
