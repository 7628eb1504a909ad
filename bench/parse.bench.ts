import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { constants as perfConstants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parseDeviceMessage } from '@tianyan/contracts';
import { buildMessageMix } from './support/message-mix';
import { printTable } from './support/stats';

interface Payload {
  topic: string;
  text: string;
}

interface GroupResult {
  group: string;
  /** Process CPU µs per message of each run, sorted. */
  micros: number[];
  minorGcsPerThousand: number;
}

const MIX = '(mix)';
const STREAMS_OF_THE_MIX = ['drone/telemetry', 'drone/thermal', 'ms/survey', 'ms/identification', 'obd/inspection'];

/**
 * bench:parse — CPU of the per-message contract path alone (topic, JSON, zod, normalisation), with no
 * broker or database: µs per message for each stream of the realistic mix and for the mix in its own
 * order (median of the runs), and minor GCs per 1000 messages as an allocation proxy (issue 9).
 * Each group runs in a fresh process: GC work left over by one group would otherwise bill the next.
 *   node dist/bench/parse.bench.js [--messages 20000] [--runs 7] [--devices 200] [--smoke]
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '20000' },
      runs: { type: 'string', default: '7' },
      devices: { type: 'string', default: '200' },
      smoke: { type: 'boolean', default: false },
      group: { type: 'string' },
    },
  });
  const count = values.smoke ? 2000 : Number(values.messages);
  const runs = values.smoke ? 3 : Number(values.runs);
  if (values.group !== undefined) {
    void measureGroup(values.group, count, runs, Number(values.devices)).then((result) => console.log(JSON.stringify(result)));
    return;
  }
  const rows: [string, string][] = [];
  for (const group of [MIX, ...STREAMS_OF_THE_MIX]) {
    const args = ['--group', group, '--messages', String(count), '--runs', String(runs), '--devices', values.devices];
    const result = JSON.parse(execFileSync(process.execPath, [__filename, ...args], { encoding: 'utf8' })) as GroupResult;
    const { micros } = result;
    const median = micros[Math.floor(micros.length / 2)]!;
    rows.push([group, `${median.toFixed(2)} CPU µs/msg (min ${micros[0]!.toFixed(2)}, max ${micros.at(-1)!.toFixed(2)}), ${result.minorGcsPerThousand.toFixed(2)} minor GC/1k msg`]);
  }
  printTable(`parseDeviceMessage, ${count} messages × ${runs} runs per group, load ${loadavg()[0]!.toFixed(2)}`, rows);
}

async function measureGroup(group: string, count: number, runs: number, devices: number): Promise<GroupResult> {
  const receivedAt = Date.now();
  // The same framing as bench:ingest: the device time is prepended at publish time.
  const payloads: Payload[] = buildMessageMix(count, devices)
    .map((m) => ({ topic: m.topic, text: `{"ts":${receivedAt - 1000},${m.rest}` }))
    .filter((p) => group === MIX || streamOf(p.topic) === group);
  if (payloads.length === 0) throw new Error(`no ${group} messages in the mix`);
  // A stream runs `count` messages too, cycling over its share of the mix (same devices, same topics).
  const sample = Array.from({ length: count }, (_, i) => payloads[i % payloads.length]!);

  let minorGcsSeen = 0;
  const gcs = new PerformanceObserver((list) => {
    minorGcsSeen += list.getEntries().filter(isMinorGc).length;
  });
  gcs.observe({ entryTypes: ['gc'] });
  measure(sample, receivedAt); // warm-up: JIT, caches
  await settled();
  const gcsBefore = minorGcsSeen;
  const micros: number[] = [];
  for (let run = 0; run < runs; run++) micros.push(measure(sample, receivedAt));
  await settled();
  gcs.disconnect();
  micros.sort((a, b) => a - b);
  return { group, micros, minorGcsPerThousand: ((minorGcsSeen - gcsBefore) / runs / count) * 1000 };
}

/**
 * Process CPU µs per message over one pass (CPU time, not wall clock: the bench machine is shared).
 * Throws if a valid message of the mix was not accepted.
 */
function measure(sample: readonly Payload[], receivedAt: number): number {
  const start = process.cpuUsage();
  let readings = 0;
  for (const { topic, text } of sample) readings += parseDeviceMessage(topic, text, receivedAt).readings.length;
  const used = process.cpuUsage(start);
  const micros = (used.user + used.system) / sample.length;
  if (readings !== sample.length) throw new Error(`${sample.length - readings} messages of the mix were rejected`);
  return micros;
}

function streamOf(topic: string): string {
  const [, , kind, , channel] = topic.split('/');
  return `${kind}/${channel}`;
}

/** GC entries reach the observer from a GC callback: let the event loop turn so they are counted. */
function settled(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 10));
}

function isMinorGc(entry: PerformanceEntry): boolean {
  // @types/node 20 does not declare `detail` on the base entry; a gc entry carries its kind there
  const detail = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail;
  return detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MINOR;
}

main();
