import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';

export interface ReceivedWebhook {
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or the text when it is not JSON. */
  body: unknown;
  /** The bytes as received, as UTF-8 (to check a signature over them). */
  rawBody: string;
}

export interface WebhookReply {
  status: number;
  /** Sent as JSON unless it is a string. */
  body?: unknown;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`; any path is accepted. */
  url: string;
  /** Every request, failed ones included, in arrival order. */
  requests: ReceivedWebhook[];
  close(): Promise<void>;
}

/**
 * A webhook endpoint for tests on a free port. The first `failFirst` requests get 503; after that
 * `respond` decides (default 200 `{ "ok": true }`), e.g. a robot's `{ errcode: 310000 }`.
 */
export async function startWebhookReceiver({ failFirst = 0, respond }: { failFirst?: number; respond?: (req: ReceivedWebhook) => WebhookReply } = {}): Promise<WebhookReceiver> {
  const requests: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((rawBody) => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      const received: ReceivedWebhook = { path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body: parse(rawBody), rawBody };
      requests.push(received);
      const reply = requests.length <= failFirst ? { status: 503, body: 'try again later' } : (respond?.(received) ?? { status: 200, body: { ok: true } });
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null);
      res.writeHead(reply.status, { 'content-type': typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json' }).end(text);
    }, () => res.destroy());
  });
  // Port 0: the kernel picks a free port, with no window for another process to take it.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
