import type { QuarantineEntry } from '@tianyan/contracts';
import type { DeviceReading } from '@tianyan/contracts';
import type { QuarantineRecord } from './write-batch';

/** Largest payload kept; with the other columns one row stays under the embedded 64 KiB message limit. */
export const MAX_QUARANTINE_PAYLOAD_BYTES = 32 * 1024;
const MAX_TEXT = { topic: 1024, id: 128, reason: 2000 } as const;

/** Insert parameters of one quarantine row, as `QUARANTINE_INSERT_SQL` takes them. */
export function toQuarantineParams(r: QuarantineRecord): unknown[] {
  const { bytes, truncated } = capPayload(r.payload);
  return [
    r.receivedAt,
    text(r.topic, MAX_TEXT.topic),
    r.deviceId === null ? null : text(r.deviceId, MAX_TEXT.id),
    r.kind === null ? null : text(r.kind, MAX_TEXT.id),
    r.channel === null ? null : text(r.channel, MAX_TEXT.id),
    text(r.reason, MAX_TEXT.reason),
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
    r.payload.byteLength,
    truncated,
  ];
}

/** Cuts at the cap, backing off to a UTF-8 character start so text payloads stay readable. */
export function capPayload(payload: Uint8Array): { bytes: Uint8Array; truncated: boolean } {
  if (payload.byteLength <= MAX_QUARANTINE_PAYLOAD_BYTES) return { bytes: payload, truncated: false };
  let cut = MAX_QUARANTINE_PAYLOAD_BYTES;
  for (let back = 0; back < 3 && (payload[cut]! & 0xc0) === 0x80; back++) cut--;
  return { bytes: payload.subarray(0, cut), truncated: true };
}

/** The quarantine must accept anything: NUL is the one character PostgreSQL text refuses. */
function text(value: string, max: number): string {
  const clean = value.includes('\u0000') ? value.replace(/\u0000/g, '\uFFFD') : value;
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** A reading the database refused, as the device would have sent it. */
export function rejectedReadingRecord(reading: DeviceReading, reason: string): QuarantineRecord {
  const envelope = { ts: reading.time, seq: reading.seq, ...(reading.drill ? { drill: true } : {}), ...reading.data, ...reading.extra };
  return {
    receivedAt: reading.receivedAt,
    topic: `tianyan/v1/${reading.kind}/${reading.deviceId}/${reading.channel}`,
    deviceId: reading.deviceId,
    kind: reading.kind,
    channel: reading.channel,
    reason: `database rejected the reading: ${reason}`,
    payload: Buffer.from(JSON.stringify(envelope), 'utf8'),
  };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Stored payload → API shape: text when it decodes as UTF-8, base64 otherwise. */
export function payloadForEntry(payload: Uint8Array): Pick<QuarantineEntry, 'payload' | 'payloadEncoding'> {
  try {
    return { payload: strictUtf8.decode(payload), payloadEncoding: 'utf8' };
  } catch {
    return { payload: Buffer.from(payload).toString('base64'), payloadEncoding: 'base64' };
  }
}
