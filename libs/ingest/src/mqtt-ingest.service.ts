import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { BROKER_DROPPED_TOPIC, TOPIC_ROOT } from '@tianyan/contracts';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { LiveBus } from '@tianyan/live';
import { BatchWriter } from './batch-writer';
import { BrokerDropWatch } from './broker-drop-watch';
import { DeviceRegistry } from './device-registry';
import { IngestStats } from './ingest-stats';
import { IngestStore } from './ingest-store';
import { MessageIntake } from './message-intake';
import { InboundKeepalive } from './inbound-keepalive';
import { PubackGate } from './puback-gate';
import { ReceivedFeed } from './received-feed';

/**
 * Batch writes in flight: one per connection up to 2, keeping at least one connection of the pool for
 * the API. The embedded database (pool of one) keeps a single write in flight. Measured on 2 cores
 * (docs/performance.md): a second write hides the database round trip; a third gained nothing.
 */
export function writesInFlight(poolSize: number): number {
  return Math.max(1, Math.min(2, poolSize - 1));
}

/** How often a running ingest re-reads the device registry. */
const REGISTRY_RELOAD_MS = 30_000;

/** Where ingest announces itself (retained, with a last will), outside the device topic tree. */
const SYSTEM_TOPIC_ROOT = 'tianyan-sys';

/**
 * Where a device reading enters: subscribes to every device topic at QoS 1 with a persistent
 * session, turns each message into readings or quarantine records, and acknowledges it to the
 * broker only after the batch that holds it committed.
 */
@Injectable()
export class MqttIngestService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MqttIngestService.name);
  private client?: MqttClient;
  private writer?: BatchWriter;
  private registry?: DeviceRegistry;
  private registryTimer?: NodeJS.Timeout;

  constructor(
    @Inject(TIANYAN_CONFIG) private readonly config: TianyanConfig,
    private readonly store: IngestStore,
    private readonly bus: LiveBus,
    readonly stats: IngestStats,
  ) {}

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.ingest.enabled) return;
    const { mqtt: mqttConfig, ingest } = this.config;
    if (!mqttConfig.url) throw new Error('MQTT url is not set: the launcher must start the embedded broker first');

    const registry = new DeviceRegistry(ingest.autoProvision);
    registry.load(await this.store.knownDevices());
    this.registry = registry;
    // Devices registered, disabled or re-enabled through the api (possibly another process) apply here.
    this.registryTimer = setInterval(() => void this.reloadDevices().catch((err: Error) => this.logger.warn(`device registry reload failed: ${err.message}`)), REGISTRY_RELOAD_MS);
    this.registryTimer.unref();
    const intake = new MessageIntake(registry);
    const writer = new BatchWriter(this.store, this.bus, this.stats, {
      batchMax: ingest.batchMax, lingerMs: ingest.lingerMs, maxInFlight: writesInFlight(this.config.database.poolSize),
    });
    this.writer = writer;

    const stateTopic = `${SYSTEM_TOPIC_ROOT}/ingest/${mqttConfig.clientId}/state`;
    // handleMessage is set before connecting: a persistent session may deliver right after CONNACK.
    const client = mqtt.connect(mqttConfig.url, {
      clientId: mqttConfig.clientId,
      clean: false,
      protocolVersion: 4,
      username: mqttConfig.username,
      password: mqttConfig.password,
      keepalive: mqttConfig.keepaliveS,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      manualConnect: true,
      will: { topic: stateTopic, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    this.client = client;
    const gate = new PubackGate(client);
    const keepalive = new InboundKeepalive(client, (quietMs) =>
      this.logger.warn(`broker's PINGRESP is late behind a backlog (${writer.pending} messages await commit, last message ${quietMs} ms ago): keeping the connection`),
    );
    this.stats.heldAcks = () => gate.heldCount;
    const maxPending = ingest.maxPending;
    const drops = new BrokerDropWatch(this.stats, this.logger);
    const received = new ReceivedFeed(this.bus);
    client.handleMessage = (packet: IPublishPacket, callback: (error?: Error) => void) => {
      if (packet.topic === BROKER_DROPPED_TOPIC) {
        drops.accept(packet.payload as Buffer);
        return callback();
      }
      this.stats.messagesReceived++;
      const now = Date.now();
      keepalive.messageHandled(now);
      const ack = packet.qos === 1 && packet.messageId !== undefined ? gate.hold(packet.messageId) : null;
      const batch = intake.accept(packet.topic, packet.payload as Buffer, now);
      received.add(batch.readings);
      writer.submit(batch, ack);
      // Back-pressure: while too much waits for the database, take no further message. The common
      // case calls back at once, without a promise per message.
      if (writer.pending < maxPending) callback();
      else writer.waitBelow(maxPending).then(() => callback(), callback);
    };

    client.on('connect', (connack) => {
      this.stats.connects++;
      this.logger.log(`connected to ${mqttConfig.url} as ${mqttConfig.clientId} (session present: ${connack.sessionPresent})`);
      client.publish(stateTopic, 'online', { qos: 1, retain: true });
    });
    client.on('close', () => this.logger.warn(`connection to ${mqttConfig.url} closed; ${writer.pending} messages await commit`));
    client.on('error', (err) => this.logger.error(`MQTT error: ${err.message}`));

    const subscription = mqttConfig.sharedGroup ? `$share/${mqttConfig.sharedGroup}/${TOPIC_ROOT}/#` : `${TOPIC_ROOT}/#`;
    const connected = new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    client.connect();
    await connected;
    await client.subscribeAsync(subscription, { qos: 1 });
    await client.subscribeAsync(BROKER_DROPPED_TOPIC, { qos: 0 });
    this.logger.log(`subscribed to ${subscription} and ${BROKER_DROPPED_TOPIC}`);
  }

  /** Re-reads which devices exist and which are enabled (called after a registry change, and every 30 s). */
  async reloadDevices(): Promise<void> {
    if (!this.registry) return;
    this.registry.load(await this.store.knownDevices());
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.registryTimer);
    await this.writer?.stop();
    await this.client?.endAsync();
  }

  /**
   * Drops the broker connection at once, acknowledging nothing that has not committed, as a crash
   * would: the broker redelivers those messages to the next session with this client id.
   */
  async abort(): Promise<void> {
    await this.writer?.stop(0);
    await this.client?.endAsync(true);
  }
}
