import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHANNELS_BY_KIND, DEVICE_KINDS, type DeviceKind, type DeviceReading, type SeriesField, type SeriesPoint, type Stream } from '@tianyan/contracts';
import { familyOf } from './families/reading-families';
import { COMMON_SELECT, rowToReading, type Row } from './families/reading-family';
import { StorageFeatures } from './storage-features';

/** Raw series are capped: a chart cannot show more, and embedded mode has one connection to share. */
export const MAX_RAW_POINTS = 50_000;

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

  /**
   * Values of one field over [fromMs, toMs], oldest first, skipping readings without a value: raw
   * when `bucketMs` is null, else avg/min/max/count per bucket aligned to the Unix epoch (the same
   * buckets from time_bucket and date_bin).
   */
  async series(deviceId: string, stream: Stream, field: SeriesField, fromMs: number, toMs: number, bucketMs: number | null): Promise<SeriesPoint[]> {
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
      return rows.map((r) => ({ t: r.t, value: r.v }));
    }

    if (!(Number.isInteger(bucketMs) && bucketMs > 0)) throw new Error(`bucketMs must be a positive integer, got ${bucketMs}`);
    const bucket = this.features.bucketFunction;
    const rows = (await this.dataSource.query(
      `SELECT (extract(epoch FROM b) * 1000)::float8 AS t, avg(v) AS value, min(v) AS min, max(v) AS max, count(v)::int AS count
       FROM (
         SELECT ${bucket}($4::float8 * INTERVAL '1 millisecond', time, TIMESTAMPTZ 'epoch') AS b, ${expression} AS v
         FROM ${family.table} WHERE ${where}
       ) s
       WHERE v IS NOT NULL GROUP BY b ORDER BY b`,
      [deviceId, fromMs, toMs, bucketMs, ...cas],
    )) as SeriesPoint[];
    return rows;
  }
}
