import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import type { Page, QuarantineEntry } from '@tianyan/contracts';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { BatchedStatement } from './batched-statement';
import { payloadForEntry, toQuarantineParams } from './quarantine-row';
import type { QuarantineRecord } from './write-batch';

/** The payload travels as base64 text (pg would send a bytea array element as hex, twice the size). */
const INSERT = `
  INSERT INTO quarantine (received_at, topic, device_id, kind, channel, reason, payload, payload_bytes, truncated)
  SELECT to_timestamp(u.r / 1000.0), u.topic, u.d, u.k, u.c, u.why, decode(u.p, 'base64'), u.n, u.cut
  FROM unnest($1::float8[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int4[], $9::bool[])
    AS u(r, topic, d, k, c, why, p, n, cut)`;

const LIST = `
  SELECT id::text AS id, received_at, topic, device_id, reason, payload, payload_bytes, truncated
  FROM quarantine
  WHERE ($1::text IS NULL OR device_id = $1)
  ORDER BY received_at DESC, id DESC
  LIMIT $2 OFFSET $3`;

const COUNT_BY_DEVICE_SINCE = `
  SELECT device_id, count(*)::int AS n FROM quarantine
  WHERE received_at >= to_timestamp($1::float8 / 1000.0) AND device_id IS NOT NULL
  GROUP BY device_id`;

const COUNT = 'SELECT count(*)::int AS total FROM quarantine WHERE ($1::text IS NULL OR device_id = $1)';

@Injectable()
export class QuarantineRepository {
  private readonly insert: BatchedStatement;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TIANYAN_CONFIG) config: TianyanConfig,
  ) {
    this.insert = new BatchedStatement(INSERT, config.database.maxStatementBytes);
  }

  /** Newest first. */
  async list(query: { deviceId?: string; limit: number; offset: number }): Promise<Page<QuarantineEntry>> {
    const deviceId = query.deviceId ?? null;
    const rows = (await this.dataSource.query(LIST, [deviceId, query.limit, query.offset])) as Record<string, unknown>[];
    return { items: rows.map(toEntry), total: await this.count(query.deviceId) };
  }

  async count(deviceId?: string): Promise<number> {
    const [row] = (await this.dataSource.query(COUNT, [deviceId ?? null])) as [{ total: number }];
    return row.total;
  }

  /** Messages quarantined per device since `sinceMs` (epoch ms): the quarantine-rate rule's input. */
  async countsByDeviceSince(sinceMs: number): Promise<Map<string, number>> {
    const rows = (await this.dataSource.query(COUNT_BY_DEVICE_SINCE, [sinceMs])) as { device_id: string; n: number }[];
    return new Map(rows.map((r) => [r.device_id, r.n]));
  }

  /** Inside ReadingStore's transaction. Returns the rows written. */
  async insertMany(runner: QueryRunner, records: readonly QuarantineRecord[]): Promise<number> {
    return this.insert.runAll(runner, records, toQuarantineParams);
  }
}

function toEntry(row: Record<string, unknown>): QuarantineEntry {
  return {
    id: row.id as string,
    receivedAt: (row.received_at as Date).toISOString(),
    topic: row.topic as string,
    deviceId: row.device_id as string | null,
    reason: row.reason as string,
    ...payloadForEntry(row.payload as Buffer),
    payloadBytes: row.payload_bytes as number,
    truncated: row.truncated as boolean,
  };
}
