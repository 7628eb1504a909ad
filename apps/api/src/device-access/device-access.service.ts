import { ConflictException, Injectable, Logger, NotFoundException, Optional } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { DeviceCredentialIssued, DeviceKind } from '@tianyan/contracts';
import { deviceTopicFilter, mosquittoPasswordHash } from '@tianyan/embedded';
import { MqttIngestService } from '@tianyan/ingest';
import { DeviceCredentialRepository, DeviceRepository, type DeviceRow } from '@tianyan/storage';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/authenticated-user';
import { hashSecret } from '../auth/password-hasher';
import { DeviceBrokerGatekeeper } from './device-broker-gatekeeper';

const snapshot = (d: DeviceRow | null) => (d ? { id: d.id, kind: d.kind, enabled: d.enabled, autoProvisioned: d.autoProvisioned } : null);

/**
 * Registers devices and issues their MQTT secrets: random, shown once, stored only as hashes
 * (bcrypt, and Mosquitto's PBKDF2 format for the production broker's password file).
 */
@Injectable()
export class DeviceAccessService {
  private readonly logger = new Logger(DeviceAccessService.name);

  constructor(
    private readonly devices: DeviceRepository,
    private readonly credentials: DeviceCredentialRepository,
    private readonly gatekeeper: DeviceBrokerGatekeeper,
    private readonly audit: AuditService,
    @Optional() private readonly ingest?: MqttIngestService,
  ) {}

  /** Registers a new device, or claims an auto-provisioned one of the same kind. */
  async register(id: string, kind: DeviceKind, actor: Actor): Promise<DeviceCredentialIssued> {
    const existing = await this.devices.findById(id);
    if (existing && existing.kind !== kind) throw new ConflictException(`device "${id}" exists as ${existing.kind}`);
    if (existing && (await this.credentials.find(id))) throw new ConflictException(`device "${id}" is registered: rotate its secret instead`);
    const device = existing ?? (await this.devices.register({ id, kind, autoProvisioned: false }));
    const issued = await this.issue(device);
    await this.credentials.markRegistered(id);
    await this.audit.record(actor, 'device.create', { type: 'device', id }, { before: snapshot(existing), after: { ...snapshot(await this.devices.findById(id)), credentialGeneration: 1 } });
    await this.afterChange(id);
    return issued;
  }

  async rotate(id: string, actor: Actor): Promise<DeviceCredentialIssued> {
    const device = await this.devices.findById(id);
    if (!device) throw new NotFoundException(`no device "${id}"`);
    const before = await this.credentials.find(id);
    const issued = await this.issue(device);
    const after = await this.credentials.find(id);
    this.gatekeeper.cutOff(id);
    await this.audit.record(actor, 'device.rotate', { type: 'device', id }, {
      before: before ? { credentialGeneration: before.generation, rotatedAt: before.rotatedAt.toISOString() } : null,
      after: { credentialGeneration: after?.generation, rotatedAt: issued.rotatedAt },
    });
    await this.afterChange(id);
    return issued;
  }

  async setEnabled(id: string, enabled: boolean, actor: Actor): Promise<{ id: string; enabled: boolean }> {
    const before = await this.devices.findById(id);
    if (!before) throw new NotFoundException(`no device "${id}"`);
    await this.devices.setEnabled(id, enabled);
    if (!enabled) this.gatekeeper.cutOff(id);
    await this.audit.record(actor, enabled ? 'device.enable' : 'device.disable', { type: 'device', id }, { before: snapshot(before), after: snapshot(await this.devices.findById(id)) });
    await this.afterChange(id);
    return { id, enabled };
  }

  /** Embedded demo: gives each demo device a fresh secret at boot (the old one cannot be recovered). */
  async provisionDemoDevices(devices: readonly { id: string; kind: DeviceKind }[], actor: Actor): Promise<Map<string, string>> {
    const secrets = new Map<string, string>();
    for (const d of devices) {
      const existing = await this.devices.findById(d.id);
      const issued = existing && (await this.credentials.find(d.id)) ? await this.rotate(d.id, actor) : await this.register(d.id, d.kind, actor);
      secrets.set(d.id, issued.password);
    }
    return secrets;
  }

  private async issue(device: DeviceRow): Promise<DeviceCredentialIssued> {
    const password = randomBytes(24).toString('base64url');
    const [secretHash, mosquittoHash] = await Promise.all([hashSecret(password), mosquittoPasswordHash(password)]);
    const row = await this.credentials.upsert(device.id, secretHash, mosquittoHash);
    this.gatekeeper.claim(device.id);
    return {
      deviceId: device.id, kind: device.kind, username: device.id, password,
      topicPrefix: deviceTopicFilter(device.kind, device.id), rotatedAt: row.rotatedAt.toISOString(),
    };
  }

  /** Ingest in this process learns of the change now; a separate ingest re-reads the registry periodically. */
  private async afterChange(id: string): Promise<void> {
    try {
      await this.ingest?.reloadDevices();
    } catch (err) {
      this.logger.warn(`ingest did not reload the registry after a change to ${id}: ${(err as Error).message}`);
    }
  }
}
