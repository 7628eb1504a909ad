import { ingestStats, storedOnce, type IngestCounters } from './tianyan-process';

/**
 * Follows /api/ingest/stats every `intervalMs` (10 ms by default) and notes when the n-th message since start was committed.
 * Acknowledgements leave in arrival order, so the n-th committed message is taken to be the n-th
 * published: publish→commit of message n = committedAt[n] − publishedAt[n].
 */
export class CommitTracker {
  readonly committedAt: Float64Array;
  committed = 0;
  private polling = true;
  private readonly loop: Promise<void>;

  private constructor(private readonly baseUrl: string, private readonly token: string, readonly base: IngestCounters, capacity: number, private readonly intervalMs: number) {
    this.committedAt = new Float64Array(capacity);
    this.loop = this.poll();
  }

  static async start(baseUrl: string, token: string, capacity: number, intervalMs = 10): Promise<CommitTracker> {
    return new CommitTracker(baseUrl, token, await ingestStats(baseUrl, token), capacity, intervalMs);
  }

  private async poll(): Promise<void> {
    while (this.polling) {
      const s = await ingestStats(this.baseUrl, this.token);
      const done = storedOnce(s) - storedOnce(this.base);
      const now = Date.now();
      for (; this.committed < done; this.committed++) if (this.committed < this.committedAt.length) this.committedAt[this.committed] = now;
      await new Promise((r) => setTimeout(r, this.intervalMs));
    }
  }

  /** Resolves once `count` messages are committed, or after `timeoutMs` (then fewer are). */
  async waitFor(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.committed < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  /** publish→commit latencies of the first `n` messages (those committed and recorded). */
  latencies(publishedAt: Float64Array, n: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < Math.min(n, this.committed, this.committedAt.length, publishedAt.length); i++) out.push(this.committedAt[i]! - publishedAt[i]!);
    return out;
  }

  async stop(): Promise<IngestCounters> {
    this.polling = false;
    await this.loop;
    return ingestStats(this.baseUrl, this.token);
  }
}
