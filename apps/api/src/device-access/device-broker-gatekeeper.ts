import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DEVICE_ID_PATTERN } from '@tianyan/contracts';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import type { BrokerAccess, BrokerPrincipal, DeviceGatekeeper } from '@tianyan/embedded';
import { DeviceCredentialRepository } from '@tianyan/storage';
import { verifySecret } from '../auth/password-hasher';
import { BROKER_ACCESS } from './broker-access.token';

/**
 * The embedded broker's view of the device registry. Every CONNECT reads the device's credential
 * from the database and checks it with bcrypt: no secret is cached, so a rotated secret stops
 * working at once. Bound to the broker when the application module starts (before ingest connects).
 */
@Injectable()
export class DeviceBrokerGatekeeper implements DeviceGatekeeper, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DeviceBrokerGatekeeper.name);
  /** Device ids that have a credential: only their owner may publish under them. */
  private readonly claimed = new Set<string>();

  constructor(
    @Inject(TIANYAN_CONFIG) private readonly config: TianyanConfig,
    @Inject(BROKER_ACCESS) private readonly access: BrokerAccess | null,
    private readonly credentials: DeviceCredentialRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const id of await this.credentials.claimedIds()) this.claimed.add(id);
    if (this.access) {
      this.access.bind(this);
      this.logger.log(`embedded broker: device authentication on (${this.claimed.size} device credentials; auto-provisioning ${this.config.ingest.autoProvision ? 'on' : 'off'})`);
    }
  }

  onModuleDestroy(): void {
    this.access?.unbind(this);
  }

  claim(deviceId: string): void {
    this.claimed.add(deviceId);
  }

  /** Closes the device's open connections (embedded broker; the production broker re-reads its files). */
  cutOff(deviceId: string): number {
    return this.access?.disconnectDevice(deviceId) ?? 0;
  }

  async authenticate(username: string | undefined, password: Buffer | undefined): Promise<BrokerPrincipal | null> {
    const unclaimed: BrokerPrincipal | null = this.config.ingest.autoProvision ? { type: 'unclaimed' } : null;
    if (!username) return unclaimed;
    if (!DEVICE_ID_PATTERN.test(username)) return null;
    const credential = await this.credentials.find(username);
    if (!credential) return this.claimed.has(username) ? null : unclaimed;
    if (!credential.enabled || !password) return null;
    return (await verifySecret(password.toString('utf8'), credential.secretHash)) ? { type: 'device', deviceId: credential.deviceId, kind: credential.kind } : null;
  }

  mayPublishUnclaimed(topic: string): boolean {
    if (!this.config.ingest.autoProvision || !topic.startsWith('tianyan/')) return false;
    const deviceId = topic.split('/')[3];
    return deviceId === undefined || !this.claimed.has(deviceId);
  }
}
