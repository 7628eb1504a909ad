import type { Channel, DeviceKind, Stream } from '../device/topic';
import type { DeviceReading, QualityFlag } from '../device/device-reading';

/**
 * A value with its object keys taken out: an object is `[shape index, ...its values in the shape's
 * key order]`, an array `[-1, ...its items]`, anything else itself.
 */
export type PackedValue = null | boolean | number | string | PackedValue[];

/**
 * The wire form of a batch of readings (`readings`, `replay:readings`): one array per envelope
 * field, and each reading's `data` and `extra` without their key names, which a batch of one
 * stream repeats in every reading. Half the bytes of the readings as JSON objects (the bench mix:
 * 0.48×), for every screen on every beat. `packReadings` / `unpackReadings` are the only codec;
 * `kind` and `channel` travel once, inside `stream`.
 */
export interface ReadingsFrame {
  v: 1;
  deviceId: string[];
  stream: Stream[];
  seq: number[];
  time: number[];
  receivedAt: number[];
  /** Positions of the readings that arrived by store-and-forward replay. */
  late: number[];
  /** Positions of the drill readings. */
  drill: number[];
  /** One quality flag per reading. */
  quality: string;
  /** Key lists of the packed objects, by shape index. */
  shapes: string[][];
  data: PackedValue[];
  /** `[position, packed extra]` for the readings that carry fields beyond the contract. */
  extra: [number, PackedValue][];
}

const ARRAY = -1;

export function packReadings(readings: readonly DeviceReading[]): ReadingsFrame {
  const shapes = new ShapeTable();
  const frame: ReadingsFrame = {
    v: 1, deviceId: [], stream: [], seq: [], time: [], receivedAt: [], late: [], drill: [], quality: '', shapes: shapes.keyLists, data: [], extra: [],
  };
  for (let i = 0; i < readings.length; i++) {
    const r = readings[i]!;
    frame.deviceId.push(r.deviceId);
    frame.stream.push(r.stream);
    frame.seq.push(r.seq);
    frame.time.push(r.time);
    frame.receivedAt.push(r.receivedAt);
    if (r.late) frame.late.push(i);
    if (r.drill) frame.drill.push(i);
    frame.quality += r.quality;
    frame.data.push(pack(r.data, shapes));
    if (r.extra) frame.extra.push([i, pack(r.extra, shapes)]);
  }
  return frame;
}

/** The readings of a frame, as they were packed (keys whose value was `undefined` are left out, as JSON leaves them). */
export function unpackReadings(frame: ReadingsFrame): DeviceReading[] {
  if (frame.v !== 1) throw new Error(`readings frame: unknown format ${String(frame.v)}`);
  const late = new Set(frame.late);
  const drill = new Set(frame.drill);
  const extra = new Map(frame.extra);
  const readings: DeviceReading[] = [];
  for (let i = 0; i < frame.deviceId.length; i++) {
    const stream = frame.stream[i]!;
    const slash = stream.indexOf('/');
    readings.push({
      deviceId: frame.deviceId[i]!,
      kind: stream.slice(0, slash) as DeviceKind,
      channel: stream.slice(slash + 1) as Channel,
      stream,
      seq: frame.seq[i]!,
      time: frame.time[i]!,
      receivedAt: frame.receivedAt[i]!,
      late: late.has(i),
      drill: drill.has(i),
      quality: frame.quality[i] as QualityFlag,
      data: unpack(frame.data[i]!, frame.shapes),
      extra: extra.has(i) ? unpack(extra.get(i)!, frame.shapes) : null,
    } as DeviceReading);
  }
  return readings;
}

function pack(value: unknown, shapes: ShapeTable): PackedValue {
  if (value === null || typeof value !== 'object') return value as PackedValue;
  if (Array.isArray(value)) {
    const packed: PackedValue[] = [ARRAY];
    for (const item of value) packed.push(item === undefined ? null : pack(item, shapes));
    return packed;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).filter((k) => object[k] !== undefined);
  const packed: PackedValue[] = [shapes.indexOf(keys)];
  for (const key of keys) packed.push(pack(object[key], shapes));
  return packed;
}

function unpack(value: PackedValue, shapes: readonly string[][]): unknown {
  if (!Array.isArray(value)) return value;
  const head = value[0] as number;
  if (head === ARRAY) return value.slice(1).map((item) => unpack(item, shapes));
  const keys = shapes[head];
  if (!keys) throw new Error(`readings frame: no shape ${head}`);
  const object: Record<string, unknown> = {};
  for (let k = 0; k < keys.length; k++) object[keys[k]!] = unpack(value[k + 1]!, shapes);
  return object;
}

/** Key lists by index, each found by walking its keys (no joined string per object). */
class ShapeTable {
  readonly keyLists: string[][] = [];
  private readonly root: ShapeNode = { next: new Map() };

  indexOf(keys: string[]): number {
    let node = this.root;
    for (const key of keys) {
      let next = node.next.get(key);
      if (!next) node.next.set(key, (next = { next: new Map() }));
      node = next;
    }
    if (node.index === undefined) node.index = this.keyLists.push(keys) - 1;
    return node.index;
  }
}

interface ShapeNode {
  index?: number;
  next: Map<string, ShapeNode>;
}
