import { buildTopic, parseDeviceMessage, type ChannelOf, type DeviceKind } from '@tianyan/contracts';
import type { AlertWitness } from '../expected-alerts/alert-witness';

/** Test helper: publishes one payload to a witness the way a scenario does (validated, parsed). */
export function feed<K extends DeviceKind>(witness: AlertWitness, kind: K, deviceId: string, channel: ChannelOf<K>, payload: { ts: number } & Record<string, unknown>): void {
  const topic = buildTopic(kind, deviceId, channel);
  const text = JSON.stringify(payload);
  const parsed = parseDeviceMessage(topic, text, payload.ts + 1000);
  if (parsed.rejects.length > 0) throw new Error(`test payload rejected: ${parsed.rejects[0]!.reason}`);
  witness.onMessage?.({ t: payload.ts, deviceId, topic, payload: text, qos: 1, retain: false }, parsed.readings);
}
