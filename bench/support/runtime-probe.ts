import { appendFileSync } from 'node:fs';
import { constants, monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

/**
 * Preloaded into the Tianyan process by the benches (`node -r runtime-probe.js main.js`), so the app
 * carries no bench code: every BENCH_RUNTIME_MS it appends one JSON line to BENCH_RUNTIME_FILE with
 * heap use, event-loop delay and utilisation over the interval just ended. With BENCH_PARENT_PID it
 * also ends the process once the bench is gone, so a killed bench leaves no Tianyan behind.
 * Worker threads inherit the preload; only the main thread (the ingest loop) samples.
 */
export interface RuntimeSample {
  at: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** The V8 heap's reserved size: what RSS holds for the heap, used or not. */
  heapTotalBytes: number;
  /**
   * Heap used just after the interval's last full (mark-compact) collection: the live heap, without
   * the young garbage that makes heapUsed a sawtooth. Absent when no full collection ran.
   */
  liveHeapBytes?: number;
  /** Memory outside the V8 heap held by JS objects (Buffers, ArrayBuffers): socket and COPY buffers. */
  externalBytes: number;
  arrayBuffersBytes: number;
  loopDelayMeanMs: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Event-loop utilisation over the interval (0–1): the share of time the main thread was busy. */
  elu: number;
}

const file = isMainThread ? process.env.BENCH_RUNTIME_FILE : undefined;
if (file) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let lastElu = performance.eventLoopUtilization();
  let liveHeapBytes: number | undefined;
  // The observer runs shortly after the collection, so heapUsed then is the survivors plus a few
  // milliseconds of new allocation: close enough to tell a leak (a rising floor) from a sawtooth.
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) liveHeapBytes = process.memoryUsage().heapUsed;
    }
  }).observe({ entryTypes: ['gc'] });
  setInterval(() => {
    const elu = performance.eventLoopUtilization(lastElu);
    lastElu = performance.eventLoopUtilization();
    const m = process.memoryUsage();
    const sample: RuntimeSample = {
      at: Date.now(), rssBytes: m.rss, heapUsedBytes: m.heapUsed, heapTotalBytes: m.heapTotal, liveHeapBytes,
      externalBytes: m.external, arrayBuffersBytes: m.arrayBuffers,
      loopDelayMeanMs: delay.mean / 1e6, loopDelayP99Ms: delay.percentile(99) / 1e6, loopDelayMaxMs: delay.max / 1e6, elu: elu.utilization,
    };
    delay.reset();
    liveHeapBytes = undefined;
    appendFileSync(file, JSON.stringify(sample) + '\n');
  }, Number(process.env.BENCH_RUNTIME_MS ?? 10_000)).unref();
}

const parent = isMainThread ? Number(process.env.BENCH_PARENT_PID) : 0;
if (parent) {
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.kill(process.pid, 'SIGTERM');
    }
  }, 1000).unref();
}
