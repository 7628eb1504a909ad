import type { SimMessage } from '@tianyan/simulator';
import { pollUntil } from '@tianyan/testing';
import type { ApiStack } from './test-stack';

/** Messages ingest has committed so far (GET /api/ingest/stats). */
export async function committedMessages(stack: ApiStack): Promise<number> {
  const stats = (await (await stack.api.fetch('/api/ingest/stats')).json()) as { messagesCommitted: number };
  return stats.messagesCommitted;
}

/**
 * Publishes scenario messages through the real broker (QoS 1, 200 in flight) and waits until ingest
 * has committed every one of them. Returns the wall time each was published, keyed `deviceId|t`.
 */
export async function publishAndCommit(stack: ApiStack, messages: readonly SimMessage[]): Promise<Map<string, number>> {
  const committedBefore = await committedMessages(stack);
  const publishedAt = new Map<string, number>();
  const WINDOW = 200;
  for (let i = 0; i < messages.length; i += WINDOW) {
    await Promise.all(
      messages.slice(i, i + WINDOW).map(async (m) => {
        await stack.device.publishAsync(m.topic, m.payload, { qos: 1 });
        publishedAt.set(`${m.deviceId}|${m.t}`, Date.now());
      }),
    );
  }
  // The broker acknowledges the publisher on receipt; ingest commits after.
  await pollUntil(() => committedMessages(stack), (n) => n >= committedBefore + messages.length, { timeoutMs: 60_000, what: 'ingest to commit every message' });
  return publishedAt;
}
