/**
 * Reads a live `readings` frame (`42["readings",[…]]`, Socket.IO over Engine.IO 4) the way the bench's
 * light clients do: without decoding the JSON, by scanning the bytes for each reading's `"time":`
 * and the `"late":` after it. The gateway writes every reading's envelope in the same key order
 * (…, time, receivedAt, late, …) and no payload field is called `time`, so one `"time":` is one
 * reading. `checkScan` holds the scan against JSON.parse, so a changed frame shape fails loudly.
 */
/** A `readings` event (alerts and situation updates reach the same socket and are not readings). */
const EVENT_PREFIX = Buffer.from('42["readings",');
const TIME = Buffer.from('"time":');
const RECEIVED_AT = Buffer.from('"receivedAt":');
const LATE = Buffer.from('"late":');
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const LETTER_T = 0x74;

export const isReadingsFrame = (frame: Buffer): boolean => frame.length > EVENT_PREFIX.length && frame.compare(EVENT_PREFIX, 0, EVENT_PREFIX.length, 0, EVENT_PREFIX.length) === 0;

/** Calls `onReading` with each reading's device time, server receive time and late flag; returns how many it found. */
export function scanReadings(frame: Buffer, onReading: (time: number, receivedAt: number, late: boolean) => void): number {
  let found = 0;
  let at = frame.indexOf(TIME, EVENT_PREFIX.length);
  while (at !== -1) {
    const received = frame.indexOf(RECEIVED_AT, at);
    const late = frame.indexOf(LATE, at);
    if (received === -1 || late === -1) throw new Error(`live frame: "time" at byte ${at} has no "receivedAt" and "late" after it`);
    onReading(integerAt(frame, at + TIME.length), integerAt(frame, received + RECEIVED_AT.length), frame[late + LATE.length] === LETTER_T);
    found++;
    at = frame.indexOf(TIME, late);
  }
  return found;
}

function integerAt(frame: Buffer, start: number): number {
  let value = 0;
  for (let i = start, c = frame[i]!; c >= DIGIT_0 && c <= DIGIT_9; c = frame[++i]!) value = value * 10 + (c - DIGIT_0);
  return value;
}

/** Throws unless the scan finds exactly the readings JSON.parse finds, with the same time and late flag. */
export function checkScan(frame: Buffer): void {
  const [event, readings] = JSON.parse(frame.subarray(2).toString('utf8')) as [string, { time: number; receivedAt: number; late: boolean }[]];
  const scanned: string[] = [];
  scanReadings(frame, (time, receivedAt, late) => scanned.push(`${time}/${receivedAt}/${late}`));
  const parsed = readings.map((r) => `${r.time}/${r.receivedAt}/${r.late}`);
  if (scanned.join() !== parsed.join()) {
    throw new Error(`live frame "${event}": the scan found ${scanned.length} readings, JSON ${parsed.length} (or their times differ)`);
  }
}
