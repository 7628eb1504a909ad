import type { IngestTotals } from '@tianyan/contracts';
import { ApiError } from '../api/http-client';
import { createTranslator } from '../i18n/i18n';
import { brokerDropIndicator, fetchBrokerDropped } from './broker-drops';

function stats(brokerDropped: number | null): IngestTotals {
  return {
    messagesReceived: 10, messagesCommitted: 10, readingsStored: 10, readingsDuplicate: 0, quarantined: 0, batchesCommitted: 1,
    writeFailures: 0, lastBatchSize: 10, lastCommitMs: 3, lastError: null, connects: 1, brokerDropped, acksHeld: 0, workers: [],
  };
}

const answering = (brokerDropped: number | null) => ({ ingestStats: () => Promise.resolve(stats(brokerDropped)) });
const failing = (error: Error) => ({ ingestStats: () => Promise.reject(error) });

describe('brokerDropIndicator', () => {
  const en = createTranslator('en');

  it('raises the count with the remedy in the tooltip when the broker dropped messages', () => {
    const indicator = brokerDropIndicator(1260, en, 'en');
    expect(indicator?.text).toBe('Broker dropped 1,260 messages');
    expect(indicator?.title).toContain('QoS 1');
    expect(indicator?.title).toContain('max_queued_messages');
    expect(indicator?.title).toContain('docs/adr/0001');
  });

  it('speaks the operator language', () => {
    const indicator = brokerDropIndicator(3, createTranslator('zh-CN'), 'zh-CN');
    expect(indicator?.text).toBe('消息代理已丢弃 3 条消息');
    expect(indicator?.title).toContain('max_queued_messages');
  });

  it('shows nothing when nothing was dropped or the broker keeps no count', () => {
    expect(brokerDropIndicator(0, en, 'en')).toBeNull();
    expect(brokerDropIndicator(null, en, 'en')).toBeNull();
  });
});

describe('fetchBrokerDropped', () => {
  it("reads the broker's count from the ingest stats", async () => {
    await expect(fetchBrokerDropped(answering(42))).resolves.toBe(42);
    await expect(fetchBrokerDropped(answering(0))).resolves.toBe(0);
    await expect(fetchBrokerDropped(answering(null))).resolves.toBeNull();
  });

  it('gives null, never an error, when forbidden, absent (ingest elsewhere) or unreachable', async () => {
    await expect(fetchBrokerDropped(failing(new ApiError(403, '/api/ingest/stats', 'Forbidden')))).resolves.toBeNull();
    await expect(fetchBrokerDropped(failing(new ApiError(404, '/api/ingest/stats', 'Not Found')))).resolves.toBeNull();
    await expect(fetchBrokerDropped(failing(new TypeError('Failed to fetch')))).resolves.toBeNull();
  });

  it('ignores a response without a count (an older server)', async () => {
    const older = { ingestStats: () => Promise.resolve({ messagesReceived: 1 } as unknown as IngestTotals) };
    await expect(fetchBrokerDropped(older)).resolves.toBeNull();
  });
});
