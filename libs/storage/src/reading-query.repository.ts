import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHANNELS_BY_KIND, DEVICE_KINDS, type DeviceKind, type DeviceReading, type SeriesField, type SeriesPoint, type SeriesSource, type Stream } from '@tianyan/contracts';
import { familyOf } from './families/reading-families';
import { COMMON_SELECT, rowToReading, type Row } from './families/reading-family';
import { ROLLUP_BUCKET_MS, SERIES_ROLLUPS } from './series-rollups';
import { StorageFeatures } from './storage-features';

/** Raw series are capped: a chart cannot show more, and embedded mode has one connection to share. */
export const MAX_RAW_POINTS = 50_000;

/** A series and where it was read from. */
export interface SeriesRead {
  source: SeriesSource;
  points: SeriesPoint[];
}

@Injectable()
export class ReadingQueryRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly features: StorageFeatures,
  ) {}

  /** The newest reading (by device time) of each stream of the device; empty for an unknown device. */
  async latest(deviceId: string): Promise<DeviceReading[]> {
    const [device] = (await this.dataSource.query('SELECT kind FROM devices WHERE id = $1', [deviceId])) as { kind: DeviceKind }[];
    const kinds = device ? [device.kind] : DEVICE_KINDS;
    const readings: DeviceReading[] = [];
    for (const kind of kinds) {
      for (const channel of CHANNELS_BY_KIND[kind]) {
        const stream = `${kind}/${channel}` as Stream;
        const family = familyOf(stream);
        const kindFilter = channel === 'status' ? 'AND kind = $2' : '';
        const rows = (await this.dataSource.query(
          `SELECT ${COMMON_SELECT}, ${family.selectColumns} FROM ${family.table}
           WHERE device_id = $1 ${kindFilter} ORDER BY time DESC, seq DESC LIMIT 1`,
          channel === 'status' ? [deviceId, kind] : [deviceId],
        )) as Row[];
        if (rows[0]) readings.push(rowToReading(family, stream, rows[0]));
      }
    }
    return readings;
  }

  /** `readSeries` without saying where the points came from. */
  async series(deviceId: string, stream: Stream, field: SeriesField, fromMs: number, toMs: number, bucketMs: number | null): Promise<SeriesPoint[]> {
    return (await this.readSeries(deviceId, stream, field, fromMs, toMs, bucketMs)).points;
  }

  /**
   * Values of one field over [fromMs, toMs], oldest first, skipping readings without a value: raw
   * when `bucketMs` is null, else avg/min/max/count per bucket aligned to the Unix epoch (the same
   * buckets from time_bucket and date_bin). Whole-minute buckets of a rolled-up field come from the
   * 1-minute rollups; the result is the same as from raw rows (avg up to float rounding).
   */
  async readSeries(deviceId: string, stream: Stream, field: SeriesField, fromMs: number, toMs: number, bucketMs: number | null): Promise<SeriesRead> {
    const family = familyOf(stream);
    const expression = field.kind === 'column' ? family.series[field.name] : family.casSeries;
    if (!expression) throw new Error(`no series "${field.kind === 'column' ? field.name : field.kind}" for ${stream}`);
    const kindFilter = family.table === 'device_status' ? `AND kind = '${stream.split('/')[0]}'` : '';
    const where = `device_id = $1 AND time >= to_timestamp($2 / 1000.0) AND time <= to_timestamp($3 / 1000.0) ${kindFilter}`;
    const cas = field.kind === 'column' ? [] : [field.cas];

    if (bucketMs === null) {
      const rows = (await this.dataSource.query(
        `SELECT t, v FROM (
           SELECT (extract(epoch FROM time) * 1000)::float8 AS t, ${expression} AS v
           FROM ${family.table} WHERE ${where} ORDER BY time LIMIT $4
         ) s WHERE v IS NOT NULL`,
        [deviceId, fromMs, toMs, MAX_RAW_POINTS, ...cas],
      )) as { t: number; v: number }[];
      return { source: 'raw', points: rows.map((r) => ({ t: r.t, value: r.v })) };
    }

    if (!(Number.isInteger(bucketMs) && bucketMs > 0)) throw new Error(`bucketMs must be a positive integer, got ${bucketMs}`);
    const bucket = this.features.bucketFunction;
    const rollup = SERIES_ROLLUPS[family.table];
    const prefix = field.kind === 'column' ? rollup?.fields[field.name] : undefined;
    if (rollup && prefix && bucketMs % ROLLUP_BUCKET_MS === 0 && this.features.seriesRollupViews.has(rollup.view)) {
      // Minutes wholly inside the range come from the rollup; the partial minutes at either edge from
      // raw rows, so the points cover exactly [from, to] like the raw path. Both feed (sum, count,
      // min, max) per minute into the same epoch-aligned buckets.
      const wholeFrom = Math.ceil(fromMs / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS;
      // A range inside one minute has no whole minute: all of it is read raw, once.
      const wholeTo = Math.max(wholeFrom, Math.floor(toMs / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS);
      const rows = (await this.dataSource.query(
        `WITH parts AS (
           SELECT bucket AS m, ${prefix}_sum AS s, ${prefix}_count AS c, ${prefix}_min AS lo, ${prefix}_max AS hi
           FROM ${rollup.view}
           WHERE device_id = $1 ${kindFilter} AND bucket >= to_timestamp($5 / 1000.0) AND bucket < to_timestamp($6 / 1000.0) AND ${prefix}_count > 0
           UNION ALL
           SELECT time, v, 1, v, v FROM (
             -- Two ranges, not one OR: each is a short scan of the (device_id, time) index.
             SELECT time, ${expression} AS v FROM ${family.table} WHERE ${where} AND time < to_timestamp($5 / 1000.0)
             UNION ALL
             SELECT time, ${expression} AS v FROM ${family.table} WHERE ${where} AND time >= to_timestamp($6 / 1000.0)
           ) r WHERE v IS NOT NULL
         )
         SELECT (extract(epoch FROM b) * 1000)::float8 AS t, sum(s) / sum(c)::float8 AS value, min(lo) AS min, max(hi) AS max, sum(c)::int AS count
         FROM (SELECT time_bucket($4::float8 * INTERVAL '1 millisecond', m, TIMESTAMPTZ 'epoch') AS b, s, c, lo, hi FROM parts) p
         GROUP BY b ORDER BY b`,
        [deviceId, fromMs, toMs, bucketMs, wholeFrom, wholeTo],
      )) as SeriesPoint[];
      return { source: 'rollup', points: rows };
    }

    const rows = (await this.dataSource.query(
      `SELECT (extract(epoch FROM b) * 1000)::float8 AS t, avg(v) AS value, min(v) AS min, max(v) AS max, count(v)::int AS count
       FROM (
         SELECT ${bucket}($4::float8 * INTERVAL '1 millisecond', time, TIMESTAMPTZ 'epoch') AS b, ${expression} AS v
         FROM ${family.table} WHERE ${where}
       ) s
       WHERE v IS NOT NULL GROUP BY b ORDER BY b`,
      [deviceId, fromMs, toMs, bucketMs, ...cas],
    )) as SeriesPoint[];
    return { source: 'buckets', points: rows };
  }
}
