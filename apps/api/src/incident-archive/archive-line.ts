import { DEVICE_ID_PATTERN, QUALITY_FLAGS, STREAMS, type DeviceReading } from '@tianyan/contracts';
import { parseArchiveAlert, type ArchiveAlert } from './archive-alert.schema';

/** What one archive line holds after the header. */
export type ArchiveLine = { type: 'reading'; reading: DeviceReading } | { type: 'alert'; record: ArchiveAlert };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Checks the envelope of a reading line (the data is written as the source stored it) or an alert line whole; a reason or the line. */
export function parseArchiveLine(text: string, devices: ReadonlyMap<string, string>): ArchiveLine | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (!isObject(value)) return 'not a JSON object';
  if (isObject(value.alert)) {
    if (!Array.isArray(value.steps)) return 'alert without steps';
    const record = parseArchiveAlert(value);
    return typeof record === 'string' ? record : { type: 'alert', record };
  }
  const r = value;
  if (typeof r.deviceId !== 'string' || !DEVICE_ID_PATTERN.test(r.deviceId)) return 'reading without a valid deviceId';
  if (!devices.has(r.deviceId)) return `device ${r.deviceId} is not in the header`;
  if (typeof r.stream !== 'string' || !(STREAMS as readonly string[]).includes(r.stream)) return `unknown stream ${String(r.stream)}`;
  const [kind, channel] = r.stream.split('/');
  if (r.kind !== kind || r.channel !== channel || devices.get(r.deviceId) !== kind) return `kind and channel do not match stream ${r.stream}`;
  if (!isTime(r.time) || !isTime(r.receivedAt)) return 'time and receivedAt must be epoch ms';
  if (!Number.isSafeInteger(r.seq) || (r.seq as number) < 0) return 'seq must be a non-negative integer';
  if (typeof r.late !== 'boolean' || typeof r.drill !== 'boolean') return 'late and drill must be booleans';
  if (!(QUALITY_FLAGS as readonly unknown[]).includes(r.quality)) return `unknown quality ${String(r.quality)}`;
  if (!isObject(r.data) || !(r.extra === null || isObject(r.extra))) return 'data must be an object, extra an object or null';
  return { type: 'reading', reading: r as unknown as DeviceReading };
}
