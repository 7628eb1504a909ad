import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
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
  setInterval(() => {
    const elu = performance.eventLoopUtilization(lastElu);
    lastElu = performance.eventLoopUtilization();
    const m = process.memoryUsage();
    const sample: RuntimeSample = {
      at: Date.now(), rssBytes: m.rss, heapUsedBytes: m.heapUsed,
      loopDelayMeanMs: delay.mean / 1e6, loopDelayP99Ms: delay.percentile(99) / 1e6, loopDelayMaxMs: delay.max / 1e6, elu: elu.utilization,
    };
    delay.reset();
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
