import mqtt, { type MqttClient } from 'mqtt';
import type { SimMessage } from '../scenario/sim-event';
import type { CredentialLookup } from './credentials';

export interface FleetCounters {
  published: number;
  acked: number;
  failed: number;
  connects: number;
  disconnects: number;
}

/**
 * The MQTT sessions of the fleet. Per device (default): each device has its own client id,
 * credentials and last will, as in the field, so a broker ACL by topic prefix holds and an abrupt
 * disconnect makes the broker publish that device's will. Pooled (load mode): a few shared clients,
 * no wills, for throughput benchmarks against brokers without per-device ACLs.
 */
export class MqttFleet {
  private readonly clients = new Map<string, MqttClient>();
  private readonly pool: MqttClient[] = [];
  private inflight = 0;
  private readonly waiters: Array<() => void> = [];
  private readonly firstConnects: Array<Promise<void>> = [];

  constructor(
    private readonly url: string,
    private readonly credentials: CredentialLookup,
    private readonly counters: FleetCounters,
    private readonly log: (line: string) => void,
    private readonly poolSize: number | undefined,
    private readonly clientIdPrefix: string,
  ) {
    for (let i = 0; i < (poolSize ?? 0); i++) this.pool.push(this.open(`${clientIdPrefix}sim-pool-${String(i).padStart(3, '0')}`, this.credentials(`sim-pool-${i}`)));
  }

  /** Resolves once every session opened so far has connected at least once. */
  async connected(): Promise<void> {
    await Promise.all(this.firstConnects);
  }

  connect(deviceId: string, will: SimMessage): void {
    if (this.poolSize !== undefined) return;
    this.clients.get(deviceId)?.end(true);
    const client = this.open(`${this.clientIdPrefix}${deviceId}`, this.credentials(deviceId), will);
    this.clients.set(deviceId, client);
  }

  /** Drops the session without DISCONNECT, so the broker publishes the last will. */
  drop(deviceId: string): void {
    const client = this.clients.get(deviceId);
    if (!client) return;
    this.clients.delete(deviceId);
    this.counters.disconnects++;
    client.end(true);
  }

  publish(m: SimMessage, index: number): void {
    const client = this.poolSize !== undefined ? this.pool[index % this.pool.length] : this.clients.get(m.deviceId);
    if (!client) return;
    this.inflight++;
    this.counters.published++;
    client.publish(m.topic, m.payload, { qos: m.qos, retain: m.retain }, (err) => {
      this.inflight--;
      if (err) this.counters.failed++;
      else this.counters.acked++;
      if (this.waiters.length > 0 && this.inflight < this.highWater / 2) this.waiters.splice(0).forEach((w) => w());
    });
  }

  readonly highWater = 5000;

  /** Waits while too many publishes are unacknowledged (the broker is the bottleneck). */
  async backpressure(): Promise<void> {
    if (this.inflight < this.highWater) return;
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Waits for outstanding acknowledgements, up to a deadline. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.inflight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  async close(): Promise<void> {
    const all = [...this.clients.values(), ...this.pool];
    this.clients.clear();
    // A clean DISCONNECT: a simulator shut down on purpose should not look like devices failing.
    await Promise.all(all.map((c) => c.endAsync().catch(() => undefined)));
  }

  private open(clientId: string, cred: { username?: string; password?: string }, will?: SimMessage): MqttClient {
    const client = mqtt.connect(this.url, {
      clientId,
      username: cred.username,
      password: cred.password,
      protocolVersion: 4, // aedes and most field brokers speak 3.1.1
      clean: true,
      reconnectPeriod: 2000,
      connectTimeout: 10_000,
      ...(will ? { will: { topic: will.topic, payload: Buffer.from(will.payload), qos: will.qos, retain: will.retain } } : {}),
    });
    this.firstConnects.push(new Promise<void>((resolve) => client.once('connect', () => resolve())));
    client.on('connect', () => this.counters.connects++);
    let warned = false;
    client.on('error', (err) => {
      if (!warned) this.log(`mqtt ${clientId}: ${err.message}`);
      warned = true;
    });
    return client;
  }
}
