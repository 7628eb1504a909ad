import type { DeviceKind, DeviceReading, QualityFlag, Stream } from '@tianyan/contracts';

/** One row as pg returns it. */
export type Row = Record<string, unknown>;

/**
 * A hypertable holding one reading family, wide: one device message → one row. Each family keeps its
 * INSERT and its column list as literal SQL so they can be reviewed next to the migration.
 */
export interface ReadingFamily {
  readonly table: string;
  readonly streams: readonly Stream[];
  /** `INSERT … SELECT … FROM unnest($1…$n) ON CONFLICT DO NOTHING`, parameters as in `toParams`. */
  readonly insertSql: string;
  /** One array element per insert parameter for this reading: common columns first (`commonParams`). */
  toParams(reading: DeviceReading): unknown[];
  /** Family columns read back, after `COMMON_SELECT`. */
  readonly selectColumns: string;
  /** Rebuilds `DeviceReading.data` exactly: optional fields absent, not null. */
  toData(row: Row): Record<string, unknown>;
  /** Series field → SQL expression over one row (fixed strings, never user input). */
  readonly series: Readonly<Record<string, string>>;
  /** Expression for a gas/compound series; `$5` is the CAS number. */
  readonly casSeries?: string;
}

/** The common columns, in the order every insert takes them as $1…$8. */
export const COMMON_COLUMNS = 'time, device_id, seq, received_at, late, drill, quality, extra';
export const COMMON_UNNEST =
  '$1::float8[], $2::text[], $3::int8[], $4::float8[], $5::bool[], $6::bool[], $7::text[], $8::jsonb[]';
/** Epoch ms → timestamptz: to_timestamp rounds to whole microseconds, so ms survive exactly. */
export const COMMON_VALUES = 'to_timestamp(u.t / 1000.0), u.d, u.s, to_timestamp(u.r / 1000.0), u.l, u.dr, u.q, u.x';
export const COMMON_ALIASES = 't, d, s, r, l, dr, q, x';

export const COMMON_SELECT =
  '(extract(epoch FROM time) * 1000)::float8 AS time_ms, device_id, seq::float8 AS seq, ' +
  '(extract(epoch FROM received_at) * 1000)::float8 AS received_ms, late, drill, quality, extra';

export function commonParams(r: DeviceReading): unknown[] {
  return [r.time, r.deviceId, r.seq, r.receivedAt, r.late, r.drill, r.quality, json(r.extra)];
}

/** jsonb parameters travel as JSON text so their size can be estimated before sending. */
export function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export function rowToReading(family: ReadingFamily, stream: Stream, row: Row): DeviceReading {
  const [kind, channel] = stream.split('/') as [DeviceKind, string];
  return {
    deviceId: row.device_id as string,
    kind,
    channel,
    stream,
    seq: row.seq as number,
    time: row.time_ms as number,
    receivedAt: row.received_ms as number,
    late: row.late as boolean,
    drill: row.drill as boolean,
    quality: row.quality as QualityFlag,
    data: family.toData(row),
    extra: (row.extra as Record<string, unknown> | null) ?? null,
  } as DeviceReading;
}

/** Copies the non-null columns into `target` under their contract names. */
export function withOptional(target: Record<string, unknown>, optional: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(optional)) if (value !== null && value !== undefined) target[key] = value;
  return target;
}
