import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeviceKind } from '@tianyan/contracts';

export interface DeviceCredentialRow {
  deviceId: string;
  kind: DeviceKind;
  enabled: boolean;
  secretHash: string;
  mosquittoHash: string;
  rotatedAt: Date;
  generation: number;
}

const SELECT = `
  SELECT c.device_id, d.kind, d.enabled, c.secret_hash, c.mosquitto_hash, c.rotated_at, c.generation
  FROM device_credentials c JOIN devices d ON d.id = c.device_id`;

/** Device MQTT secrets, as hashes only. Read on every broker CONNECT: nothing is cached. */
@Injectable()
export class DeviceCredentialRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(deviceId: string): Promise<DeviceCredentialRow | null> {
    const rows = (await this.dataSource.query(`${SELECT} WHERE c.device_id = $1`, [deviceId])) as Record<string, unknown>[];
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Every credential, for the production broker's password file and ACL. */
  async findAll(): Promise<DeviceCredentialRow[]> {
    return ((await this.dataSource.query(`${SELECT} ORDER BY c.device_id`)) as Record<string, unknown>[]).map(toRow);
  }

  /** Ids of devices that have a credential: only they may publish under their topics. */
  async claimedIds(): Promise<string[]> {
    return ((await this.dataSource.query('SELECT device_id FROM device_credentials')) as { device_id: string }[]).map((r) => r.device_id);
  }

  /** Sets (or replaces) the device's secret; a replaced secret stops working at once. */
  async upsert(deviceId: string, secretHash: string, mosquittoHash: string): Promise<DeviceCredentialRow> {
    await this.dataSource.query(
      `INSERT INTO device_credentials (device_id, secret_hash, mosquitto_hash) VALUES ($1, $2, $3)
       ON CONFLICT (device_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, mosquitto_hash = EXCLUDED.mosquitto_hash,
         rotated_at = now(), generation = device_credentials.generation + 1`,
      [deviceId, secretHash, mosquittoHash],
    );
    return (await this.find(deviceId))!;
  }

  /** A registered device claims its id: it is no longer auto-provisioned. */
  async markRegistered(deviceId: string): Promise<void> {
    await this.dataSource.query('UPDATE devices SET auto_provisioned = false WHERE id = $1', [deviceId]);
  }
}

function toRow(r: Record<string, unknown>): DeviceCredentialRow {
  return {
    deviceId: r.device_id as string,
    kind: r.kind as DeviceKind,
    enabled: r.enabled as boolean,
    secretHash: r.secret_hash as string,
    mosquittoHash: r.mosquitto_hash as string,
    rotatedAt: r.rotated_at as Date,
    generation: r.generation as number,
  };
}
