import { buildTopic, parseDeviceMessage, type DeviceKind, type DeviceReading, type Stream } from '@tianyan/contracts';

/**
 * A reading as ingest makes it: the payload goes through the contract's parser (validation, unit
 * normalisation). Received when it was sent unless said otherwise; `late` sends it as a replay array.
 */
export function readingOf<S extends Stream>(stream: S, deviceId: string, payload: Record<string, unknown>, options: { receivedAt?: number; late?: boolean } = {}): DeviceReading<S> {
  const [kind, channel] = stream.split('/') as [DeviceKind, never];
  const text = JSON.stringify(options.late ? [payload] : payload);
  const parsed = parseDeviceMessage(buildTopic(kind, deviceId, channel), text, options.receivedAt ?? (payload['ts'] as number));
  if (parsed.rejects.length > 0) throw new Error(`test payload rejected: ${parsed.rejects.map((r) => r.reason).join('; ')}`);
  return parsed.readings[0] as DeviceReading<S>;
}
