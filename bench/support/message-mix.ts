import { makeDroneTelemetry, makeDroneThermal, makeMsIdentification, makeMsSurvey, makeObdInspection, makeThermalFrame, makeVin } from '@tianyan/testing';

export interface BenchMessage {
  topic: string;
  /** Payload without its leading `{"ts":<now>,`, added at publish time so latency is measurable. */
  rest: string;
}

/** Share of each stream in the mix, close to what a field deployment sends (telemetry dominates). */
const MIX: { weight: number; kind: 'drone' | 'ms' | 'obd'; channel: string; make: (seq: number, i: number) => object }[] = [
  { weight: 40, kind: 'drone', channel: 'telemetry', make: (seq, i) => makeDroneTelemetry({ seq, batteryPct: 90 - (i % 50) }) },
  { weight: 12, kind: 'drone', channel: 'thermal', make: (seq, i) => makeDroneThermal({ seq, frame: i % 5 === 0 ? makeThermalFrame(32, 24) : undefined }) },
  { weight: 36, kind: 'ms', channel: 'survey', make: (seq, i) => makeMsSurvey({ seq, tic: 1e5 + (i % 1000) * 1e3 }) },
  { weight: 2, kind: 'ms', channel: 'identification', make: (seq) => makeMsIdentification({ seq }) },
  { weight: 10, kind: 'obd', channel: 'inspection', make: (seq, i) => makeObdInspection({ seq, vin: makeVin(`LZZ5ELND${String(i % 1e8).padStart(9, '0')}`), noxPpm: 300 + (i % 900) }) },
];

/**
 * A deterministic message mix over `devices` devices, `count` messages long. Message i comes from
 * device (31·i mod devices), so the first `devices` messages name every device once.
 */
export function buildMessageMix(count: number, devices: number, prefix = 'bench'): BenchMessage[] {
  const totalWeight = MIX.reduce((s, m) => s + m.weight, 0);
  const seqs = new Map<string, number>();
  const messages: BenchMessage[] = [];
  for (let i = 0; i < count; i++) {
    let pick = (i * 7919) % totalWeight;
    const stream = MIX.find((m) => (pick -= m.weight) < 0)!;
    const deviceId = `${prefix}-${stream.kind}-${(i * 31) % devices}`;
    const key = `${deviceId}/${stream.channel}`;
    const seq = (seqs.get(key) ?? 0) + 1;
    seqs.set(key, seq);
    const { ts: _ts, ...body } = stream.make(seq, i) as { ts: number };
    messages.push({ topic: `tianyan/v1/${stream.kind}/${deviceId}/${stream.channel}`, rest: JSON.stringify(body).slice(1) });
  }
  return messages;
}
