import { pollUntil } from '@tianyan/testing';
import { committedMessages } from './scenario-publish';
import { TEST_BACKEND, useApiStack } from './test-stack';

interface Stats {
  messagesReceived: number;
  quarantined: number;
  brokerDropped: number | null;
}

describe(`ingest follows the broker's count of dropped messages (${TEST_BACKEND} servers)`, () => {
  const stack = useApiStack();
  const stats = async () => (await (await stack.api.fetch('/api/ingest/stats')).json()) as Stats;

  if (TEST_BACKEND === 'real') {
    it("reads Mosquitto's $SYS drop count (the ingest account may) without taking it for a device message", async () => {
      const before = await stats();
      const after = await pollUntil(stats, (s) => s.brokerDropped !== null, { timeoutMs: 15_000, what: 'the broker drop count in the ingest stats' });
      expect(after.brokerDropped).toBe(0);
      expect(after.messagesReceived).toBe(before.messagesReceived);
      expect(after.quarantined).toBe(before.quarantined);
      const health = (await (await fetch(`${stack.api.baseUrl}/health`)).json()) as { details: { mqtt: { brokerDropped: number | null } } };
      expect(health.details.mqtt.brokerDropped).toBe(0);
    });
  } else {
    it('leaves the count unknown with aedes, which does not publish it, and ingest still works', async () => {
      const committed = await committedMessages(stack);
      await stack.device.publishAsync('tianyan/v1/obd/obd-drops/status', JSON.stringify({ nope: true }), { qos: 1 });
      await pollUntil(() => committedMessages(stack), (n) => n > committed, { timeoutMs: 10_000, what: 'the message to commit' });
      expect((await stats()).brokerDropped).toBeNull();
    });
  }
});
