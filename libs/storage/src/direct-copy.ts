import type { PoolClient } from 'pg';
import { BINARY_COLUMN_TYPES, BinaryCopyWriter, type BinaryColumnType } from './binary-copy';
import { copyText, sendCopy, unnestTypes } from './staged-copy';

/**
 * How one target column's value comes from the family's `unnest` parameters: as COPY text (`convert`)
 * and, where the value already is the column's type, as its binary form (`binary`).
 */
type ColumnSource = { param: number; convert: (value: unknown) => unknown; binary: BinaryColumnType | null };

const asIs = (value: unknown): unknown => value;
/** `to_timestamp(ms / 1000.0)` for whole milliseconds, which is all ingest stores (DirectCopy.fits). */
const epochMsToTimestamptz = (value: unknown): unknown => (typeof value === 'number' ? isoTimestamp(value) : value);

const HOUR_MS = 3_600_000;
let cachedHour = NaN;
let cachedHourPrefix = '';

/**
 * `new Date(ms).toISOString()` for whole milliseconds, without a Date per value: the `YYYY-MM-DDTHH:`
 * prefix is kept for the last hour seen (a batch's times share it), the rest is arithmetic. Two
 * timestamps a reading, `toISOString` was 2.4 % of ingest's thread.
 */
export function isoTimestamp(ms: number): string {
  const hour = Math.floor(ms / HOUR_MS);
  if (hour !== cachedHour) {
    const prefix = new Date(hour * HOUR_MS).toISOString();
    if (prefix.length !== 24) return new Date(ms).toISOString(); // years outside 0000–9999 (±YYYYYY)
    cachedHour = hour;
    cachedHourPrefix = prefix.slice(0, 14);
  }
  const inHour = ms - hour * HOUR_MS;
  const minutes = Math.floor(inHour / 60_000);
  const seconds = Math.floor(inHour / 1000) % 60;
  const millis = inHour % 1000;
  return `${cachedHourPrefix}${minutes < 10 ? '0' : ''}${minutes}:${seconds < 10 ? '0' : ''}${seconds}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}
/** `decode(b64, 'base64')`: bytea in hex input form (COPY text escapes the backslash). */
const base64ToBytea = (value: unknown): unknown => (typeof value === 'string' ? `\\x${Buffer.from(value, 'base64').toString('hex')}` : value);

/** The binary column type of an `unnest` parameter, passed on unchanged (`u.x`, or a cast to its own type). */
const sameType = (staged: string, cast?: string): BinaryColumnType | null =>
  (cast === undefined || cast === staged) && isBinaryColumnType(staged) ? staged : null;

/** A cast of the staged text to `float8[]` takes a Float8ArrayValue, which also has a binary form. */
const sameTypeOrFloat8Array = (staged: string, cast?: string): BinaryColumnType | null =>
  staged === 'text' && cast === 'float8[]' ? 'float8[]' : sameType(staged, cast);

/** Select-list expressions a direct COPY can reproduce, how in text, and which binary type they make. */
const EXPRESSIONS: readonly [RegExp, (value: unknown) => unknown, (staged: string, cast?: string) => BinaryColumnType | null][] = [
  [/^u\.(\w+)$/, asIs, sameType],
  // A cast from the staged text (e.g. an array literal) runs the same input function COPY runs.
  [/^u\.(\w+)::([a-z0-9_]+(?:\[\])?)$/, asIs, sameTypeOrFloat8Array],
  [/^to_timestamp\(u\.(\w+) \/ 1000\.0\)$/, epochMsToTimestamptz, () => 'timestamptz'],
  [/^decode\(u\.(\w+), 'base64'\)$/, base64ToBytea, () => 'bytea'],
];

/**
 * `COPY <table> FROM STDIN` straight into a family's table, no staging table and no `INSERT … SELECT`:
 * on PostgreSQL 15 that took 5–8 µs of database time per row against 10–13 µs through staging
 * (docs/performance.md). It cannot skip duplicates, so ReadingStore falls back to the staged path
 * (`ON CONFLICT DO NOTHING`) when the database refuses a batch. Built from the family's own insert SQL:
 * each selected expression must be one of `EXPRESSIONS`, otherwise the family has no direct plan.
 * The rows go in binary when every column has a binary form (an array literal cast to `float8[]` has
 * one when the family hands over a Float8ArrayValue), in text otherwise. Binary takes the `unnest` parameter's type for the column's: were a column's type
 * to differ, PostgreSQL would refuse the batch (22P03) and ReadingStore would stage it, with a warning.
 */
export class DirectCopy {
  private constructor(
    private readonly table: string,
    private readonly targets: readonly string[],
    private readonly columns: readonly ColumnSource[],
    /** Each column's binary type, or null when the rows go as text. */
    private readonly binaryTypes: readonly BinaryColumnType[] | null,
    /** Each column's `toParams` index. */
    private readonly paramOf: readonly number[],
  ) {}

  static plan(table: string, unnestInsertSql: string): DirectCopy | null {
    const sql = unnestInsertSql.replace(/\s+/g, ' ');
    const insert = /INSERT INTO (\w+) \(([^)]*)\) SELECT (.*) FROM unnest\(([^)]*)\) AS u\(([^)]*)\)/.exec(sql);
    if (!insert || insert[1] !== table) return null;
    const targets = insert[2]!.split(',').map((c) => c.trim());
    const stagedTypes = unnestTypes(insert[4]!);
    const aliases = insert[5]!.split(',').map((a) => a.trim());
    const expressions = splitTopLevel(insert[3]!);
    if (expressions.length !== targets.length || stagedTypes?.length !== aliases.length) return null;
    const columns: ColumnSource[] = [];
    for (const expression of expressions) {
      const known = EXPRESSIONS.map(([pattern, convert, binary]) => [pattern.exec(expression), convert, binary] as const).find(([match]) => match);
      const param = known ? aliases.indexOf(known[0]![1]!) : -1;
      if (!known || param < 0) return null;
      columns.push({ param, convert: known[1], binary: known[2](stagedTypes[param]!, known[0]![2]) });
    }
    const binaryTypes = columns.every((c) => c.binary !== null) ? columns.map((c) => c.binary!) : null;
    return new DirectCopy(table, targets, columns, binaryTypes, columns.map((c) => c.param));
  }

  /** Whether a reading's times are whole milliseconds, which `epochMsToTimestamptz` renders exactly. */
  static fits(reading: { time: number; receivedAt: number }): boolean {
    return Number.isInteger(reading.time) && Number.isInteger(reading.receivedAt);
  }

  get format(): 'binary' | 'text' {
    return this.binaryTypes ? 'binary' : 'text';
  }

  get copySql(): string {
    return `COPY ${this.table} (${this.targets.join(', ')}) FROM STDIN${this.binaryTypes ? ' (FORMAT binary)' : ''}`;
  }

  /**
   * COPYs the rows made from the family's `toParams` values; resolves with the rows copied. Throws
   * NoBinaryForm, before sending anything, when a value is not exactly its column's binary type.
   */
  async copy(client: PoolClient, params: readonly (readonly unknown[])[]): Promise<number> {
    if (!this.binaryTypes) return copyText(client, this.copySql, params.map((p) => this.row(p)));
    const writer = new BinaryCopyWriter();
    for (const p of params) writer.row(this.binaryTypes, p, this.paramOf);
    return sendCopy(client, this.copySql, writer.finish());
  }

  /** The table's row in COPY text values from the family's `toParams` values. */
  row(params: readonly unknown[]): unknown[] {
    const row = new Array<unknown>(this.columns.length);
    for (let i = 0; i < row.length; i++) {
      const column = this.columns[i]!;
      row[i] = column.convert(params[column.param]);
    }
    return row;
  }
}

function isBinaryColumnType(type: string): type is BinaryColumnType {
  return (BINARY_COLUMN_TYPES as readonly string[]).includes(type);
}

/** Splits a select list at commas outside parentheses and quotes. */
function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && c === ',') {
      parts.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(list.slice(start).trim());
  return parts;
}
