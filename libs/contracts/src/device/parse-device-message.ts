import { z } from 'zod';
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
 * The per-message validators: zod's compiled clones of SCHEMA_BY_STREAM. A valid message takes the
 * generated fast path; an invalid one falls back to the regular parser, so reject reasons are unchanged.
 * Compiled on first use (the web bundle imports contracts too and never parses a device message).
 */
const validators = new Map<Stream, z.ZodType>();

function deviceValidator(stream: Stream): z.ZodType {
  let validator = validators.get(stream);
  if (!validator) {
    validator = z.compile(SCHEMA_BY_STREAM[stream] as z.ZodType);
    validators.set(stream, validator);
  }
  return validator;
}

/**
 * Validates one MQTT message of contract v1 and normalises it into readings (device time in epoch ms,
 * gas concentrations also in ppm). Never throws: every problem comes back as a reject with its reason.
 */
export function parseDeviceMessage(topicName: string, text: string, receivedAt: number): ParsedDeviceMessage {
  const topicParse = parseTopic(topicName);
  if (!topicParse.ok) return { topic: null, readings: [], rejects: [{ reason: topicParse.reason, raw: text }] };
  const topic = topicParse.topic;

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    return failed(topic, `payload is not valid JSON: ${(e as Error).message}`, text);
  }
  const result: ParsedDeviceMessage = { topic, readings: [], rejects: [] };
  if (!Array.isArray(body)) {
    const outcome = toReading(topic, body, receivedAt, false);
    if (typeof outcome === 'string') result.rejects.push({ reason: outcome, raw: text, index: undefined });
    else result.readings.push(outcome);
    return result;
  }
  if (body.length === 0) return failed(topic, 'empty array payload', text);
  if (body.length > MAX_BATCH_ENVELOPES) return failed(topic, `array payload over ${MAX_BATCH_ENVELOPES} envelopes`, text);
  for (let index = 0; index < body.length; index++) {
    const envelope: unknown = body[index];
    const outcome = toReading(topic, envelope, receivedAt, true);
    if (typeof outcome === 'string') result.rejects.push({ reason: `[${index}] ${outcome}`, raw: JSON.stringify(envelope), index });
    else result.readings.push(outcome);
  }
  return result;
}

function failed(topic: DeviceTopic, reason: string, text: string): ParsedDeviceMessage {
  return { topic, readings: [], rejects: [{ reason, raw: text }] };
}

function toReading(topic: DeviceTopic, envelope: unknown, receivedAt: number, late: boolean): DeviceReading | string {
  const parsed = deviceValidator(topic.stream).safeParse(envelope);
  if (!parsed.success) return describeIssues(parsed.error.issues);
  const payload = parsed.data as Record<string, unknown> & { ts: number; seq: number; drill?: boolean };
  // A device may add fields; those naming a device or kind must agree with the topic (DESIGN.md §8).
  if (payload.deviceId !== undefined && payload.deviceId !== topic.deviceId) {
    return `deviceId: payload names device ${JSON.stringify(payload.deviceId)} but was published on the topic of device "${topic.deviceId}"`;
  }
  if (payload.kind !== undefined && payload.kind !== topic.kind) {
    return `kind: payload names kind ${JSON.stringify(payload.kind)} but was published on a ${topic.kind} topic`;
  }
  const ts = payload.ts;
  if (ts > receivedAt + MAX_FUTURE_SKEW_MS) {
    return `ts: device time ${new Date(ts).toISOString()} is more than ${MAX_FUTURE_SKEW_MS / 60000} min ahead of the server (clock skew)`;
  }
  // One pass over the validated payload (a fresh object zod built): contract fields, envelope, additions.
  const known = KNOWN_KEYS[topic.stream];
  const data: Record<string, unknown> = {};
  let extra: Record<string, unknown> | null = null;
  for (const key in payload) {
    if (key === 'ts' || key === 'seq' || key === 'drill') continue;
    if (known.has(key)) data[key] = payload[key];
    else (extra ??= {})[key] = payload[key];
  }
  return {
    deviceId: topic.deviceId,
    kind: topic.kind,
    channel: topic.channel,
    stream: topic.stream,
    seq: payload.seq,
    time: ts,
    receivedAt,
    late,
    drill: payload.drill === true,
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
