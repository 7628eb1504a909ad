/** MQTT topic layout of device contract v1: `tianyan/v1/{kind}/{deviceId}/{channel}`. */
export const TOPIC_ROOT = 'tianyan';
export const CONTRACT_VERSION = 'v1';

/**
 * Mosquitto's count of PUBLISH messages it discarded at its inflight or queue limits, broker-wide,
 * since it started (republished every `sys_interval`). Ingest follows it: a message dropped before
 * delivery never reaches ingest, so only the broker can tell.
 */
export const BROKER_DROPPED_TOPIC = '$SYS/broker/publish/messages/dropped';

export const DEVICE_KINDS = ['drone', 'ms', 'obd'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export const CHANNELS_BY_KIND = {
  drone: ['telemetry', 'thermal', 'status'],
  ms: ['survey', 'identification', 'status'],
  obd: ['inspection', 'status'],
} as const satisfies Record<DeviceKind, readonly string[]>;

export type ChannelOf<K extends DeviceKind> = (typeof CHANNELS_BY_KIND)[K][number];
export type Channel = ChannelOf<DeviceKind>;
/** A kind/channel pair, e.g. `drone/telemetry`: the unit of schema and storage. */
export type Stream = { [K in DeviceKind]: `${K}/${ChannelOf<K>}` }[DeviceKind];
export const STREAMS = DEVICE_KINDS.flatMap((kind) =>
  CHANNELS_BY_KIND[kind].map((channel) => `${kind}/${channel}` as Stream),
);

export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export interface DeviceTopic {
  kind: DeviceKind;
  deviceId: string;
  channel: Channel;
  stream: Stream;
}

export type TopicParse =
  | { ok: true; topic: DeviceTopic }
  | { ok: false; reason: string; deviceId?: string; kind?: string; channel?: string };

export function buildTopic<K extends DeviceKind>(kind: K, deviceId: string, channel: ChannelOf<K>): string {
  if (!DEVICE_ID_PATTERN.test(deviceId)) throw new Error(`invalid device id "${deviceId}"`);
  return `${TOPIC_ROOT}/${CONTRACT_VERSION}/${kind}/${deviceId}/${channel}`;
}

/** Topics repeat per device and channel: valid ones are remembered, up to this many (then forgotten at once). */
const TOPIC_CACHE_LIMIT = 8192;
const validTopics = new Map<string, TopicParse>();

/** Splits and checks a device topic. A valid topic's result is shared between calls: treat it as read-only. */
export function parseTopic(topic: string): TopicParse {
  const known = validTopics.get(topic);
  if (known) return known;
  const parse = checkTopic(topic);
  if (!parse.ok) return parse;
  if (validTopics.size >= TOPIC_CACHE_LIMIT) validTopics.clear();
  // frozen: a caller mutating the shared result would otherwise change it for every later message
  const shared: TopicParse = Object.freeze({ ok: true, topic: Object.freeze(parse.topic) });
  validTopics.set(topic, shared);
  return shared;
}

function checkTopic(topic: string): TopicParse {
  const parts = topic.split('/');
  const [root, version, kind, deviceId, channel] = parts;
  const known = { kind, deviceId, channel };
  if (parts.length !== 5 || root !== TOPIC_ROOT) {
    return { ok: false, reason: `topic must be ${TOPIC_ROOT}/${CONTRACT_VERSION}/{kind}/{deviceId}/{channel}`, ...known };
  }
  if (version !== CONTRACT_VERSION) return { ok: false, reason: `unsupported contract version "${version}"`, ...known };
  if (!isDeviceKind(kind)) return { ok: false, reason: `unknown device kind "${kind}"`, ...known };
  if (!DEVICE_ID_PATTERN.test(deviceId ?? '')) return { ok: false, reason: `invalid device id "${deviceId}"`, ...known };
  const channels: readonly string[] = CHANNELS_BY_KIND[kind];
  if (!channel || !channels.includes(channel)) {
    return { ok: false, reason: `unknown channel "${channel}" for kind ${kind}`, ...known };
  }
  return { ok: true, topic: { kind, deviceId: deviceId!, channel: channel as Channel, stream: `${kind}/${channel}` as Stream } };
}

export function isDeviceKind(value: unknown): value is DeviceKind {
  return typeof value === 'string' && (DEVICE_KINDS as readonly string[]).includes(value);
}
