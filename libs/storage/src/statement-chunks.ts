/**
 * Splitting batched writes into statements that stay under a byte budget (the embedded database's is
 * 48 KiB: DESIGN.md §2, EMBEDDED_MAX_STATEMENT_BYTES), so every batched statement is sized before it is
 * sent. Estimates err on the large side.
 */

/** Bind-message bytes one value takes as an element of a pg array literal: `"…",` with `"`/`\` escaped. */
export function arrayElementBytes(value: unknown): number {
  if (value === null || value === undefined) return 5; // NULL,
  if (typeof value === 'string') return utf8Bytes(value) + (ARRAY_SPECIAL.test(value) ? escapes(value) : 0) + 3;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).length + 1; // see encodeColumn
  return utf8Bytes(JSON.stringify(value)) * 2 + 3;
}

/**
 * At least `arrayElementBytes(value)`, without reading a string: a UTF-16 unit is at most 3 bytes of
 * UTF-8, or 2 when escaped (`"`, `\`); a float8 is at most 24 characters (`-2.2250738585072014e-308`).
 */
export function arrayElementBytesBound(value: unknown): number {
  if (typeof value === 'string') return 3 * value.length + 3;
  if (typeof value === 'number') return 25;
  if (typeof value === 'boolean') return 6;
  return arrayElementBytes(value);
}

/** Bytes of one row's parameters when sent as array elements. */
export function rowBytes(row: readonly unknown[]): number {
  let total = 0;
  for (const value of row) total += arrayElementBytes(value);
  return total;
}

/** At least `rowBytes(row)`, cheaply (`arrayElementBytesBound`). */
export function rowBytesBound(row: readonly unknown[]): number {
  let total = 0;
  for (const value of row) total += arrayElementBytesBound(value);
  return total;
}

/** Fixed cost of a statement: its SQL text plus per-parameter framing in Parse/Bind. */
export function statementOverheadBytes(sql: string, paramCount: number): number {
  return utf8Bytes(sql) + 16 * paramCount + 256;
}

export interface Chunk<T> {
  items: T[];
  bytes: number;
}

/**
 * Greedy split of `items` into chunks whose estimated size stays within `budget` and row count
 * within `maxRows`. An item bigger than the budget on its own still gets a chunk of its own: the
 * caller decides what to do with it (see `Chunk.bytes`).
 */
export function chunkByBytes<T>(items: readonly T[], sizeOf: (item: T) => number, budget: number, maxRows = Infinity): Chunk<T>[] {
  const chunks: Chunk<T>[] = [];
  let current: Chunk<T> = { items: [], bytes: 0 };
  for (const item of items) {
    const size = sizeOf(item);
    if (current.items.length > 0 && (current.bytes + size > budget || current.items.length >= maxRows)) {
      chunks.push(current);
      current = { items: [], bytes: 0 };
    }
    current.items.push(item);
    current.bytes += size;
  }
  if (current.items.length > 0) chunks.push(current);
  return chunks;
}

/** Rows of parameters → one array per parameter, as `unnest($1::…[], $2::…[], …)` takes them. */
export function toColumns(rows: readonly (readonly unknown[])[], width: number): unknown[][] {
  const columns: unknown[][] = Array.from({ length: width }, () => new Array<unknown>(rows.length));
  rows.forEach((row, r) => {
    for (let c = 0; c < width; c++) columns[c]![r] = row[c] ?? null;
  });
  return columns;
}

/**
 * A column of numbers, booleans, strings and NULLs becomes its array literal (`{1.5,NULL,"wayline"}`),
 * in one pass: numbers and booleans unquoted (pg would quote every element, and numbers are most of a
 * telemetry row), strings quoted with `"` and `\` escaped, exactly as pg's own serializer does.
 * Anything else (Buffers, objects) is left for pg to encode.
 */
export function encodeColumn(column: readonly unknown[]): unknown[] | string {
  const parts = new Array<string>(column.length);
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'number' || typeof v === 'boolean') parts[i] = String(v);
    else if (typeof v === 'string') parts[i] = ARRAY_SPECIAL.test(v) ? `"${v.replace(ARRAY_SPECIAL_ALL, '\\$&')}"` : `"${v}"`;
    else return column as unknown[];
  }
  return `{${parts.join(',')}}`;
}

const ARRAY_SPECIAL = /["\\]/;
const ARRAY_SPECIAL_ALL = /["\\]/g;

function utf8Bytes(s: string): number {
  // Short strings: a loop beats the native call; long ones (JSON, base64 frames): Buffer.byteLength.
  if (s.length > 64) return Buffer.byteLength(s, 'utf8');
  let bytes = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) bytes += c >= 0x800 ? 2 : 1;
  }
  return bytes;
}

function escapes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 92) n++;
  }
  return n;
}
