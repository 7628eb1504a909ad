import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import type { DeviceKind, DeviceReading, DeviceState, DeviceStatusPayload } from '@tianyan/contracts';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { BatchedStatement } from './batched-statement';
import type { DeviceUpsert } from './write-batch';

/** A row of `devices`; the API turns it into a DeviceSummary (connectivity is its judgement). */
export interface DeviceRow {
  id: string;
  kind: DeviceKind;
  /** Epoch ms, like every time below. */
  firstSeen: number;
  /** Newest device time stored. */
  lastSeen: number | null;
  lastReceivedAt: number | null;
  /** Last reported status. */
  state: DeviceState | null;
  stateAt: number | null;
  batteryPct: number | null;
  firmware: string | null;
  autoProvisioned: boolean;
  enabled: boolean;
}

const SELECT = `
  SELECT id, kind, (extract(epoch FROM first_seen) * 1000)::float8 AS first_seen,
    (extract(epoch FROM last_seen) * 1000)::float8 AS last_seen,
    (extract(epoch FROM last_received_at) * 1000)::float8 AS last_received_at,
    state, (extract(epoch FROM state_at) * 1000)::float8 AS state_at, battery_pct, firmware, auto_provisioned, enabled
  FROM devices`;

const INSERT_MISSING = `
  INSERT INTO devices (id, kind, auto_provisioned, enabled)
  SELECT * FROM unnest($1::text[], $2::text[], $3::bool[], $4::bool[])
  ON CONFLICT (id) DO NOTHING`;

/** GREATEST ignores NULLs and makes redelivered or late readings harmless. */
const TOUCH = `
  UPDATE devices AS d SET
    last_seen = GREATEST(d.last_seen, to_timestamp(u.seen / 1000.0)),
    last_received_at = GREATEST(d.last_received_at, to_timestamp(u.received / 1000.0))
  FROM unnest($1::text[], $2::float8[], $3::float8[]) AS u(id, seen, received)
  WHERE d.id = u.id`;

/** A late (replayed) status older than the one shown must not replace it. */
const SET_STATUS = `
  UPDATE devices AS d SET
    state = u.state, state_at = to_timestamp(u.at / 1000.0),
    battery_pct = COALESCE(u.battery, d.battery_pct), firmware = COALESCE(u.firmware, d.firmware)
  FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::text[]) AS u(id, state, at, battery, firmware)
  WHERE d.id = u.id AND (d.state_at IS NULL OR d.state_at <= to_timestamp(u.at / 1000.0))`;

@Injectable()
export class DeviceRepository {
  private readonly insertStatement: BatchedStatement;
  private readonly touchStatement: BatchedStatement;
  private readonly statusStatement: BatchedStatement;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TIANYAN_CONFIG) config: TianyanConfig,
  ) {
    const budget = config.database.maxStatementBytes;
    this.insertStatement = new BatchedStatement(INSERT_MISSING, budget);
    this.touchStatement = new BatchedStatement(TOUCH, budget);
    this.statusStatement = new BatchedStatement(SET_STATUS, budget);
  }

  async findAll(): Promise<DeviceRow[]> {
    return ((await this.dataSource.query(`${SELECT} ORDER BY id`)) as Record<string, unknown>[]).map(toDeviceRow);
  }

  async findById(id: string): Promise<DeviceRow | null> {
    const rows = (await this.dataSource.query(`${SELECT} WHERE id = $1`, [id])) as Record<string, unknown>[];
    return rows[0] ? toDeviceRow(rows[0]) : null;
  }

  /** Every device by id: ingest keeps this as its cache of who may publish. */
  async loadAll(): Promise<Map<string, DeviceRow>> {
    return new Map((await this.findAll()).map((d) => [d.id, d]));
  }

  /** Adds a device unless it exists; returns the stored row (check `kind` if it existed). */
  async register(device: { id: string; kind: DeviceKind; autoProvisioned?: boolean; enabled?: boolean }): Promise<DeviceRow> {
    await this.dataSource.query(INSERT_MISSING, [[device.id], [device.kind], [device.autoProvisioned ?? false], [device.enabled ?? true]]);
    return (await this.findById(device.id))!;
  }

  async setEnabled(id: string, enabled: boolean): Promise<boolean> {
    const [, count] = (await this.dataSource.query('UPDATE devices SET enabled = $2 WHERE id = $1', [id, enabled])) as [unknown, number];
    return count > 0;
  }

  /** Inside ReadingStore's transaction: devices seen in the batch that are not registered yet. */
  async insertMissing(runner: QueryRunner, devices: readonly DeviceUpsert[]): Promise<void> {
    await this.insertStatement.runAll(runner, devices, (d) => [d.id, d.kind, d.autoProvisioned, true]);
  }

  /** Inside ReadingStore's transaction: last seen/received and the newest status per device. */
  async recordActivity(runner: QueryRunner, readings: readonly DeviceReading[]): Promise<void> {
    const seen = new Map<string, { seen: number; received: number }>();
    const status = new Map<string, DeviceReading>();
    for (const r of readings) {
      const s = seen.get(r.deviceId);
      if (!s) seen.set(r.deviceId, { seen: r.time, received: r.receivedAt });
      else {
        s.seen = Math.max(s.seen, r.time);
        s.received = Math.max(s.received, r.receivedAt);
      }
      if (r.channel === 'status') {
        const prev = status.get(r.deviceId);
        if (!prev || r.time > prev.time || (r.time === prev.time && r.seq > prev.seq)) status.set(r.deviceId, r);
      }
    }
    await this.touchStatement.runAll(runner, [...seen], ([id, s]) => [id, s.seen, s.received]);
    await this.statusStatement.runAll(runner, [...status.values()], (r) => {
      const d = r.data as DeviceStatusPayload;
      return [r.deviceId, d.state, r.time, d.batteryPct, d.firmware];
    });
  }
}

function toDeviceRow(row: Record<string, unknown>): DeviceRow {
  return {
    id: row.id as string,
    kind: row.kind as DeviceKind,
    firstSeen: row.first_seen as number,
    lastSeen: row.last_seen as number | null,
    lastReceivedAt: row.last_received_at as number | null,
    state: row.state as DeviceState | null,
    stateAt: row.state_at as number | null,
    batteryPct: row.battery_pct as number | null,
    firmware: row.firmware as string | null,
    autoProvisioned: row.auto_provisioned as boolean,
    enabled: row.enabled as boolean,
  };
}
