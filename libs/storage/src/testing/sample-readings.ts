import { buildTopic, parseDeviceMessage, type ChannelOf, type DeviceKind, type DeviceReading } from '@tianyan/contracts';
import { makeDroneTelemetry, makeDroneThermal, makeMsIdentification, makeMsSurvey, makeObdInspection, makeStatus } from '@tianyan/testing';

/** A reading exactly as ingest produces it: the payload goes through the contract's parser. */
export function parsedReading<K extends DeviceKind>(
  kind: K,
  deviceId: string,
  channel: ChannelOf<K>,
  payload: Record<string, unknown>,
  { receivedAt = Date.now(), late = false } = {},
): DeviceReading {
  const text = JSON.stringify(late ? [payload] : payload);
  const parsed = parseDeviceMessage(buildTopic(kind, deviceId, channel), text, receivedAt);
  if (parsed.rejects.length > 0 || parsed.readings.length !== 1) throw new Error(`sample rejected: ${JSON.stringify(parsed.rejects)}`);
  return parsed.readings[0]!;
}

/** One reading of every stream for three devices (ids `${prefix}-drone`, `-ms`, `-obd`) at device time `ts`. */
export function everyStream(prefix: string, ts: number, seq = 1): DeviceReading[] {
  const envelope = { ts, seq };
  return [
    parsedReading('drone', `${prefix}-drone`, 'telemetry', makeDroneTelemetry({ ...envelope, vendorMode: 'P-GPS', drill: true })),
    parsedReading('drone', `${prefix}-drone`, 'thermal', makeDroneThermal({ ...envelope })),
    parsedReading('drone', `${prefix}-drone`, 'status', makeStatus({ ...envelope, note: 'preflight ok' })),
    parsedReading('ms', `${prefix}-ms`, 'survey', makeMsSurvey({ ...envelope, pumpKpa: { inlet: 98.2 } }), { late: true }),
    parsedReading('ms', `${prefix}-ms`, 'identification', makeMsIdentification({ ...envelope })),
    parsedReading('ms', `${prefix}-ms`, 'status', makeStatus({ ...envelope, state: 'calibration', firmware: undefined })),
    parsedReading('obd', `${prefix}-obd`, 'inspection', makeObdInspection({ ...envelope, lane: 'B2' })),
    parsedReading('obd', `${prefix}-obd`, 'status', makeStatus({ ...envelope, batteryPct: undefined })),
  ];
}
