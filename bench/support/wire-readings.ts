import { unpackReadings, type ReadingsFrame } from '@tianyan/contracts';

/**
 * Reads a live `readings` frame (`42["readings",{…}]`, Socket.IO over Engine.IO 4, the event's
 * `ReadingsFrame`) the way the bench's light clients do: without decoding the JSON, by reading its
 * `"time":[…]`, `"receivedAt":[…]` and `"late":[…]` lists of integers. A packed frame has no other
 * object keys (data and extra travel without theirs), so each of these names occurs once.
 * `checkScan` holds the scan against JSON.parse and `unpackReadings`, so a changed frame shape fails loudly.
 */
/** A `readings` event (alerts and situation updates reach the same socket and are not readings). */
const EVENT_PREFIX = Buffer.from('42["readings",');
const TIME = Buffer.from('"time":[');
const RECEIVED_AT = Buffer.from('"receivedAt":[');
const LATE = Buffer.from('"late":[');
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const CLOSE = 0x5d;

export const isReadingsFrame = (frame: Buffer): boolean => frame.length > EVENT_PREFIX.length && frame.compare(EVENT_PREFIX, 0, EVENT_PREFIX.length, 0, EVENT_PREFIX.length) === 0;

/** Calls `onReading` with each reading's device time, server receive time and late flag; returns how many it found. */
export function scanReadings(frame: Buffer, onReading: (time: number, receivedAt: number, late: boolean) => void): number {
  const times = integersAfter(frame, TIME);
  const received = integersAfter(frame, RECEIVED_AT);
  const late = new Set(integersAfter(frame, LATE));
  if (received.length !== times.length) throw new Error(`live frame: ${times.length} times but ${received.length} receive times`);
  for (let i = 0; i < times.length; i++) onReading(times[i]!, received[i]!, late.has(i));
  return times.length;
}

/** The non-negative integers of the list that follows `name` (`"name":[1,2,3]`). */
function integersAfter(frame: Buffer, name: Buffer): number[] {
  const at = frame.indexOf(name, EVENT_PREFIX.length);
  if (at === -1) throw new Error(`live frame: no ${name.toString()}`);
  const values: number[] = [];
  let i = at + name.length;
  while (frame[i] !== CLOSE) {
    let value = 0;
    const start = i;
    for (let c = frame[i]!; c >= DIGIT_0 && c <= DIGIT_9; c = frame[++i]!) value = value * 10 + (c - DIGIT_0);
    if (i === start) throw new Error(`live frame: ${name.toString()} holds something other than integers at byte ${i}`);
    values.push(value);
    if (frame[i] === 0x2c) i++; // ','
  }
  return values;
}

/** Throws unless the scan finds exactly the readings JSON.parse and `unpackReadings` find, with the same times and late flags. */
export function checkScan(frame: Buffer): void {
  const [event, packed] = JSON.parse(frame.subarray(2).toString('utf8')) as [string, ReadingsFrame];
  const scanned: string[] = [];
  scanReadings(frame, (time, receivedAt, late) => scanned.push(`${time}/${receivedAt}/${late}`));
  const parsed = unpackReadings(packed).map((r) => `${r.time}/${r.receivedAt}/${r.late}`);
  if (scanned.join() !== parsed.join()) {
    throw new Error(`live frame "${event}": the scan found ${scanned.length} readings, JSON ${parsed.length} (or their times differ)`);
  }
}
