import { createHash, timingSafeEqual } from 'node:crypto';
import type { default as Aedes, AedesOptions, AuthenticateError, Client } from 'aedes';
import { BROKER_DROPPED_TOPIC } from '@tianyan/contracts';
import { filterCovers, topicMatches } from './topic-filter';

/** Who an MQTT connection is, once authenticated. */
export type BrokerPrincipal =
  | { type: 'service'; username: string; publish: readonly string[]; subscribe: readonly string[] }
  | { type: 'device'; deviceId: string; kind: string }
  /** An unknown client let in by auto-provisioning (dev/demo): may publish for unclaimed device ids only. */
  | { type: 'unclaimed' };

/** The device registry's side of broker access, bound once the application is up. */
export interface DeviceGatekeeper {
  /** The device these credentials belong to, `unclaimed` (auto-provisioning), or null: refused. */
  authenticate(username: string | undefined, password: Buffer | undefined): Promise<BrokerPrincipal | null>;
  /** Whether an unclaimed client may publish on `topic` now. */
  mayPublishUnclaimed(topic: string): boolean;
}

/** An account of the platform itself (ingest; test harnesses), with the topics it may use. */
export interface ServiceAccount {
  username: string;
  password: string;
  publish: readonly string[];
  subscribe: readonly string[];
}

/** Ingest's rights: read every device topic and the broker's drop count, announce itself under `tianyan-sys/`. */
export function ingestServiceAccount(username: string, password: string): ServiceAccount {
  return { username, password, publish: ['tianyan-sys/#'], subscribe: ['tianyan/#', 'tianyan-sys/#', BROKER_DROPPED_TOPIC] };
}

/** The topic prefix a device may publish and subscribe under (DESIGN.md §8). */
export function deviceTopicFilter(kind: string, deviceId: string): string {
  return `tianyan/v1/${kind}/${deviceId}/#`;
}

type Hooks = Required<Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'>>;

const SERVER_UNAVAILABLE = 3;
const NOT_AUTHORIZED = 5;

function refusal(message: string, returnCode: number): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

function digest(value: Buffer | string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Authentication and topic ACLs of the embedded broker. Service accounts are checked here; devices
 * are checked by the gatekeeper the application binds once it is up: until then (and between two
 * applications in tests) every device connection is refused with "server unavailable".
 */
export class BrokerAccess {
  private gatekeeper?: DeviceGatekeeper;
  private broker?: Aedes;
  private readonly principals = new WeakMap<Client, BrokerPrincipal>();

  constructor(private readonly services: readonly ServiceAccount[] = []) {}

  attach(broker: Aedes): void {
    this.broker = broker;
  }

  bind(gatekeeper: DeviceGatekeeper): void {
    this.gatekeeper = gatekeeper;
  }

  unbind(gatekeeper: DeviceGatekeeper): void {
    if (this.gatekeeper === gatekeeper) this.gatekeeper = undefined;
  }

  get bound(): boolean {
    return this.gatekeeper !== undefined;
  }

  /** Closes every connection of the device at once (after its secret was rotated or it was disabled). */
  disconnectDevice(deviceId: string): number {
    let closed = 0;
    const clients = (this.broker as unknown as { clients?: Record<string, Client> } | undefined)?.clients ?? {};
    for (const client of Object.values(clients)) {
      const p = this.principals.get(client);
      if (p?.type === 'device' && p.deviceId === deviceId) {
        client.close();
        closed++;
      }
    }
    return closed;
  }

  hooks(): Hooks {
    return {
      authenticate: (client, username, password, done) => {
        const service = this.services.find((s) => s.username === username);
        if (service) {
          const ok = password !== undefined && timingSafeEqual(digest(password), digest(service.password));
          if (!ok) return done(refusal('bad username or password', NOT_AUTHORIZED), false);
          this.principals.set(client, { type: 'service', username: service.username, publish: service.publish, subscribe: service.subscribe });
          return done(null, true);
        }
        const gatekeeper = this.gatekeeper;
        if (!gatekeeper) return done(refusal('device registry not ready', SERVER_UNAVAILABLE), false);
        gatekeeper.authenticate(username, password).then(
          (principal) => {
            if (!principal) return done(refusal('bad username or password', NOT_AUTHORIZED), false);
            this.principals.set(client, principal);
            done(null, true);
          },
          () => done(refusal('device registry unavailable', SERVER_UNAVAILABLE), false),
        );
      },
      authorizePublish: (client, packet, done) => {
        // A will published after its client is gone comes with client null: it was checked at connect.
        if (!client) return done(null);
        const p = this.principals.get(client);
        if (this.mayPublish(p, packet.topic)) return done(null);
        done(new Error(`not authorized to publish on ${packet.topic}`));
      },
      authorizeSubscribe: (client, sub, done) => {
        const p = this.principals.get(client);
        done(null, this.maySubscribe(p, sub.topic) ? sub : null);
      },
    };
  }

  private mayPublish(p: BrokerPrincipal | undefined, topic: string): boolean {
    if (!p) return false;
    switch (p.type) {
      case 'service':
        return p.publish.some((f) => topicMatches(f, topic));
      case 'device':
        return topicMatches(deviceTopicFilter(p.kind, p.deviceId), topic) && topic.split('/').length > 4;
      case 'unclaimed':
        return this.gatekeeper?.mayPublishUnclaimed(topic) ?? false;
    }
  }

  private maySubscribe(p: BrokerPrincipal | undefined, filter: string): boolean {
    if (!p) return false;
    switch (p.type) {
      case 'service':
        return p.subscribe.some((f) => filterCovers(f, filter));
      case 'device':
        return !filter.startsWith('$share/') && filterCovers(deviceTopicFilter(p.kind, p.deviceId), filter);
      case 'unclaimed':
        return false;
    }
  }
}
