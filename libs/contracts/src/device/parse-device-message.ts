import type { z } from 'zod';
import { parseTopic, type DeviceTopic, type Stream } from './topic';
import { SCHEMA_BY_STREAM, type DeviceReading, type QualityFlag } from './device-reading';
import { MAX_FUTURE_SKEW_MS } from './envelope.schema';
import { GAIN_RANGE_C } from './drone.schema';
import { TIC_SATURATION } from './ms.schema';

/** Largest payload the contract accepts (a thermal frame of 640×512 would not fit: send it down-sampled). */
export const MAX_PAYLOAD_BYTES = 256 * 1024;
/** Most envelopes one store-and-forward array may carry. */
export const MAX_BATCH_ENVELOPES = 5000;

export interface MessageReject {
  reason: string;
  /** The rejected part as text: the whole payload, or one element of an array payload. */
  raw: string;
  /** Index of the element inside an array payload. */
  index?: number;
}

export interface ParsedDeviceMessage {
  topic: DeviceTopic | null;
  readings: DeviceReading[];
  rejects: MessageReject[];
}

const KNOWN_KEYS: Record<Stream, ReadonlySet<string>> = Object.fromEntries(
  Object.entries(SCHEMA_BY_STREAM).map(([stream, schema]) => [stream, new Set(Object.keys(schema.shape))]),
) as unknown as Record<Stream, ReadonlySet<string>>;

/**
 * Validates one MQTT message of contract v1 and normalises it into readings (device time in epoch ms,
 * gas concentrations also in ppm). Never throws: every problem comes back as a reject with its reason.
 */
export function parseDeviceMessage(topicName: string, text: string, receivedAt: number): ParsedDeviceMessage {
  const topicParse = parseTopic(topicName);
  if (!topicParse.ok) return { topic: null, readings: [], rejects: [{ reason: topicParse.reason, raw: text }] };
  const topic = topicParse.topic;
  const fail = (reason: string): ParsedDeviceMessage => ({ topic, readings: [], rejects: [{ reason, raw: text }] });

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    return fail(`payload is not valid JSON: ${(e as Error).message}`);
  }
  const late = Array.isArray(body);
  const envelopes: unknown[] = late ? (body as unknown[]) : [body];
  if (envelopes.length === 0) return fail('empty array payload');
  if (envelopes.length > MAX_BATCH_ENVELOPES) return fail(`array payload over ${MAX_BATCH_ENVELOPES} envelopes`);

  const result: ParsedDeviceMessage = { topic, readings: [], rejects: [] };
  envelopes.forEach((envelope, i) => {
    const index = late ? i : undefined;
    const outcome = toReading(topic, envelope, receivedAt, late);
    if (typeof outcome === 'string') {
      const where = index === undefined ? '' : `[${index}] `;
      result.rejects.push({ reason: where + outcome, raw: late ? JSON.stringify(envelope) : text, index });
    } else {
      result.readings.push(outcome);
    }
  });
  return result;
}

function toReading(topic: DeviceTopic, envelope: unknown, receivedAt: number, late: boolean): DeviceReading | string {
  const schema: z.ZodType = SCHEMA_BY_STREAM[topic.stream];
  const parsed = schema.safeParse(envelope);
  if (!parsed.success) return describeIssues(parsed.error.issues);
  const { ts, seq, drill, ...fields } = parsed.data as Record<string, unknown> & { ts: number; seq: number; drill?: boolean };
  // A device may add fields; those naming a device or kind must agree with the topic (DESIGN.md §8).
  if (fields.deviceId !== undefined && fields.deviceId !== topic.deviceId) {
    return `deviceId: payload names device ${JSON.stringify(fields.deviceId)} but was published on the topic of device "${topic.deviceId}"`;
  }
  if (fields.kind !== undefined && fields.kind !== topic.kind) {
    return `kind: payload names kind ${JSON.stringify(fields.kind)} but was published on a ${topic.kind} topic`;
  }
  if (ts > receivedAt + MAX_FUTURE_SKEW_MS) {
    return `ts: device time ${new Date(ts).toISOString()} is more than ${MAX_FUTURE_SKEW_MS / 60000} min ahead of the server (clock skew)`;
  }
  const known = KNOWN_KEYS[topic.stream];
  const data: Record<string, unknown> = {};
  let extra: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(fields)) {
    if (known.has(key)) data[key] = value;
    else (extra ??= {})[key] = value;
  }
  return {
    deviceId: topic.deviceId,
    kind: topic.kind,
    channel: topic.channel,
    stream: topic.stream,
    seq,
    time: ts,
    receivedAt,
    late,
    drill: drill === true,
    quality: qualityOf(topic.stream, data),
    data,
    extra,
  } as DeviceReading;
}

/** Flags a value at the instrument's limit as T (over range), per domain.md. */
function qualityOf(stream: Stream, data: Record<string, unknown>): QualityFlag {
  if (stream === 'ms/survey' && (data.tic as number) >= TIC_SATURATION) return 'T';
  if (stream === 'drone/thermal') {
    const range = GAIN_RANGE_C[data.gainMode as 'high' | 'low'];
    if ((data.tMaxC as number) >= range.max || (data.tMinC as number) <= range.min) return 'T';
  }
  return 'N';
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 4).map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`);
  if (issues.length > shown.length) shown.push(`… ${issues.length - shown.length} more`);
  return shown.join('; ');
}
