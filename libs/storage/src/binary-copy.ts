import { Float8ArrayValue } from './float8-array-value';

/** The column types a binary COPY row can carry here, as PostgreSQL names them in a cast. */
export const BINARY_COLUMN_TYPES = ['float8', 'int2', 'int4', 'int8', 'bool', 'text', 'jsonb', 'timestamptz', 'bytea', 'float8[]'] as const;
export type BinaryColumnType = (typeof BINARY_COLUMN_TYPES)[number];

/** A value without an exact binary form for its column: the caller sends the rows as text instead. */
export class NoBinaryForm extends Error {}

/**
 * The first chunk's size; each next one doubles, up to the last (one CopyData message each). Small
 * first: most batches of a paced stream are a few hundred rows, and a large buffer per family and batch
 * cost more to allocate than the rows to encode.
 */
const FIRST_CHUNK_BYTES = 16 * 1024;
const MAX_CHUNK_BYTES = 256 * 1024;
/** `PGCOPY\n\377\r\n\0`, then 32-bit flags and header-extension length, both 0. */
const HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
/** PostgreSQL's epoch (2000-01-01T00:00:00Z) in Unix milliseconds. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;
/** pg_type.oid of float8, which a binary array names as its element type. */
const FLOAT8_OID = 701;
/** A string this short is copied byte by byte while it is ASCII: cheaper than a native `write` call. */
const SHORT_STRING = 48;

/**
 * `COPY … FROM STDIN (FORMAT binary)` data: the file header, rows of big-endian fields, the trailer,
 * in chunks. Binary because numbers and times then cost neither side a conversion: in text,
 * `String(number)` here and `float8in`/`timestamptz_in` in PostgreSQL (docs/performance.md, session 12).
 * Each value must be exactly its column's type (PostgreSQL refuses a batch whose bytes do not parse);
 * what is not throws NoBinaryForm before anything is sent.
 */
export class BinaryCopyWriter {
  private readonly chunks: Buffer[] = [];
  private buffer = Buffer.allocUnsafe(FIRST_CHUNK_BYTES);
  private offset = 0;

  constructor() {
    this.offset = HEADER.copy(this.buffer, 0);
  }

  /** One row: column i is `values[from[i]]`, of type `types[i]`. */
  row(types: readonly BinaryColumnType[], values: readonly unknown[], from: readonly number[]): void {
    this.reserve(2);
    this.offset = this.buffer.writeInt16BE(types.length, this.offset);
    for (let i = 0; i < types.length; i++) this.field(types[i]!, values[from[i]!]);
  }

  /** The chunks to send, the trailer in the last one. */
  finish(): Buffer[] {
    this.reserve(2);
    this.offset = this.buffer.writeInt16BE(-1, this.offset);
    this.chunks.push(this.buffer.subarray(0, this.offset));
    return this.chunks;
  }

  private field(type: BinaryColumnType, value: unknown): void {
    if (value === null || value === undefined) {
      this.reserve(4);
      this.offset = this.buffer.writeInt32BE(-1, this.offset);
      return;
    }
    switch (type) {
      case 'float8':
        if (typeof value !== 'number') throw mismatch(type, value);
        this.reserve(12);
        this.buffer.writeInt32BE(8, this.offset);
        this.offset = this.buffer.writeDoubleBE(value, this.offset + 4);
        return;
      case 'int2':
      case 'int4': {
        const bytes = type === 'int2' ? 2 : 4;
        const limit = 2 ** (bytes * 8 - 1);
        if (typeof value !== 'number' || !Number.isInteger(value) || value < -limit || value >= limit) throw mismatch(type, value);
        this.reserve(4 + bytes);
        this.buffer.writeInt32BE(bytes, this.offset);
        this.offset = bytes === 2 ? this.buffer.writeInt16BE(value, this.offset + 4) : this.buffer.writeInt32BE(value, this.offset + 4);
        return;
      }
      case 'int8':
        if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw mismatch(type, value);
        return this.int8(value);
      case 'timestamptz': {
        // Epoch ms → µs since PostgreSQL's epoch, as `to_timestamp(ms / 1000.0)` stores whole ms.
        const micros = typeof value === 'number' && Number.isInteger(value) ? (value - PG_EPOCH_MS) * 1000 : NaN;
        if (!Number.isSafeInteger(micros)) throw mismatch(type, value);
        return this.int8(micros);
      }
      case 'bool':
        if (typeof value !== 'boolean') throw mismatch(type, value);
        this.reserve(5);
        this.buffer.writeInt32BE(1, this.offset);
        this.buffer[this.offset + 4] = value ? 1 : 0;
        this.offset += 5;
        return;
      case 'text':
        if (typeof value !== 'string') throw mismatch(type, value);
        return this.text(value, false);
      case 'jsonb':
        // jsonb's binary form is a version byte (1) and the JSON text; the family hands it over as text.
        if (typeof value !== 'string') throw mismatch(type, value);
        return this.text(value, true);
      case 'bytea': {
        // The family hands the bytes over as base64, which Buffer decodes straight into the chunk.
        if (typeof value !== 'string') throw mismatch(type, value);
        this.reserve(4 + Math.ceil((value.length * 3) / 4));
        const length = this.buffer.write(value, this.offset + 4, 'base64');
        this.buffer.writeInt32BE(length, this.offset);
        this.offset += 4 + length;
        return;
      }
      case 'float8[]':
        if (!(value instanceof Float8ArrayValue) || !value.values.every((v) => typeof v === 'number')) throw mismatch(type, value);
        return this.float8Array(value.values);
    }
  }

  /** A one-dimensional array without NULLs (array_send): dimensions, flags, element type, bounds, elements. */
  private float8Array(values: readonly number[]): void {
    const dimensions = values.length === 0 ? 0 : 1;
    const bytes = 12 + 8 * dimensions + 12 * values.length;
    this.reserve(4 + bytes);
    let at = this.buffer.writeInt32BE(bytes, this.offset);
    at = this.buffer.writeInt32BE(dimensions, at);
    at = this.buffer.writeInt32BE(0, at);
    at = this.buffer.writeInt32BE(FLOAT8_OID, at);
    if (dimensions) {
      at = this.buffer.writeInt32BE(values.length, at);
      at = this.buffer.writeInt32BE(1, at);
    }
    for (const value of values) {
      at = this.buffer.writeInt32BE(8, at);
      at = this.buffer.writeDoubleBE(value, at);
    }
    this.offset = at;
  }

  private int8(value: number): void {
    this.reserve(12);
    const high = Math.floor(value / TWO_32);
    this.buffer.writeInt32BE(8, this.offset);
    this.buffer.writeInt32BE(high, this.offset + 4);
    this.offset = this.buffer.writeUInt32BE(value - high * TWO_32, this.offset + 8);
  }

  private text(value: string, jsonb: boolean): void {
    const prefix = jsonb ? 1 : 0;
    this.reserve(5 + value.length * 3);
    const start = this.offset + 4 + prefix;
    if (jsonb) this.buffer[start - 1] = 1;
    let length = -1;
    if (value.length <= SHORT_STRING) {
      length = value.length;
      for (let i = 0; i < value.length; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) {
          length = -1;
          break;
        }
        this.buffer[start + i] = code;
      }
    }
    if (length < 0) length = this.buffer.write(value, start, 'utf8');
    this.buffer.writeInt32BE(length + prefix, this.offset);
    this.offset = start + length;
  }

  /** Makes room for `bytes` more: a value that does not fit closes the chunk and starts the next. */
  private reserve(bytes: number): void {
    if (this.offset + bytes <= this.buffer.length) return;
    this.chunks.push(this.buffer.subarray(0, this.offset));
    this.buffer = Buffer.allocUnsafe(Math.max(Math.min(2 * this.buffer.length, MAX_CHUNK_BYTES), bytes));
    this.offset = 0;
  }
}

function mismatch(type: BinaryColumnType, value: unknown): NoBinaryForm {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value === 'object' ? String(JSON.stringify(value)).slice(0, 40) : String(value);
  return new NoBinaryForm(`${typeof value} ${shown} has no exact ${type} binary form`);
}
