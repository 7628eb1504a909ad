import { connect, type Socket } from 'node:net';
import mqttPacket from 'mqtt-packet';
import type { BrokerLogin } from './mqtt-publisher';

const PUBACK = 4;
const PINGRESP = 13;
const CONNACK = 2;

/**
 * A load generator's MQTT 3.1.1 publisher: QoS 1 PUBLISH packets written straight to the socket
 * (about 3 µs of CPU per message on this machine, against 14–17 µs through mqtt.js). The paced benches
 * (fanout, soak, scale) stand in for field devices that run on their own hardware; on a 2-core box
 * an mqtt.js publisher at 10k msg/s took 0.25–0.35 of a core from the system under test.
 * bench:ingest keeps mqtt.js: issue 9 defines its references as mqtt.js clients.
 * Publish only: it never subscribes, so the broker sends it CONNACK, PUBACK and PINGRESP alone.
 */
export class LeanPublisher {
  private readonly acks = new Array<((err?: Error) => void) | undefined>(65536);
  private nextId = 1;
  private pending = Buffer.alloc(0);
  private lastSendAt = Date.now();
  private failure?: Error;
  private readonly pinger: NodeJS.Timeout;

  private constructor(
    private readonly socket: Socket,
    keepaliveS: number,
  ) {
    // Between a paced phase and the next the publisher may idle longer than the keepalive.
    this.pinger = setInterval(() => {
      if (Date.now() - this.lastSendAt >= (keepaliveS * 1000) / 2) this.write(mqttPacket.generate({ cmd: 'pingreq' }));
    }, 1000);
    this.pinger.unref();
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('broker closed the connection')));
  }

  static connect(mqttUrl: string, login: BrokerLogin, clientId: string, keepaliveS = 60): Promise<LeanPublisher> {
    const url = new URL(mqttUrl);
    if (url.protocol !== 'mqtt:') throw new Error(`lean publisher speaks plain mqtt://, not ${url.protocol}`);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port || 1883), url.hostname);
      socket.setNoDelay(true);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.write(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId, keepalive: keepaliveS,
          ...(login && { username: login.username, password: Buffer.from(login.password) }) }));
      });
      socket.once('data', (chunk: Buffer) => {
        // CONNACK: 0x20 0x02 flags returnCode.
        if (chunk[0]! >> 4 !== CONNACK || chunk[3] !== 0) return reject(new Error(`broker refused the connection (CONNACK ${chunk.subarray(0, 4).toString('hex')})`));
        socket.off('error', reject);
        const publisher = new LeanPublisher(socket, keepaliveS);
        if (chunk.length > 4) publisher.read(chunk.subarray(4));
        resolve(publisher);
      });
    });
  }

  /** QoS 1; `done` runs on the broker's PUBACK. The same shape as mqtt.js's `publish(topic, payload, opts, cb)`. */
  publish(topic: string, payload: string, _opts: { qos: 1 }, done: (err?: Error) => void): void {
    if (this.failure) return done(this.failure);
    const id = this.nextId;
    this.nextId = id === 65535 ? 1 : id + 1;
    if (this.acks[id]) return done(new Error('65,535 messages unacknowledged: no message id left'));
    this.acks[id] = done;
    this.write(publishPacket(topic, payload, id));
  }

  /** Closes the connection (DISCONNECT first); unacknowledged publishes fail. */
  async endAsync(_force?: boolean): Promise<void> {
    clearInterval(this.pinger);
    if (this.socket.destroyed) return;
    await new Promise<void>((resolve) => this.socket.end(mqttPacket.generate({ cmd: 'disconnect' }), resolve));
    this.socket.destroy();
  }

  private write(packet: Buffer): void {
    this.lastSendAt = Date.now();
    this.socket.write(packet);
  }

  /** PUBACKs (and PINGRESPs) as they come; a packet split across chunks waits for its rest. */
  private read(chunk: Buffer): void {
    const buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let at = 0;
    while (at + 2 <= buf.length) {
      const type = buf[at]! >> 4;
      const length = buf[at + 1]!; // PUBACK and PINGRESP are short: one length byte
      if (length > 127) return this.fail(new Error(`unexpected packet type ${type} of length ≥ 128 from the broker`));
      if (at + 2 + length > buf.length) break;
      if (type === PUBACK) {
        const id = buf.readUInt16BE(at + 2);
        const done = this.acks[id];
        this.acks[id] = undefined;
        done?.();
      } else if (type !== PINGRESP) {
        return this.fail(new Error(`unexpected packet type ${type} from the broker`));
      }
      at += 2 + length;
    }
    this.pending = at < buf.length ? Buffer.from(buf.subarray(at)) : Buffer.alloc(0);
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    clearInterval(this.pinger);
    for (let id = 1; id < this.acks.length; id++) {
      const done = this.acks[id];
      this.acks[id] = undefined;
      done?.(err);
    }
  }
}

/** PUBLISH, QoS 1, no retain: fixed header, remaining length, topic, message id, payload. */
function publishPacket(topic: string, payload: string, id: number): Buffer {
  const topicBytes = Buffer.byteLength(topic);
  const payloadBytes = Buffer.byteLength(payload);
  const remaining = 2 + topicBytes + 2 + payloadBytes;
  const lengthBytes = remaining < 128 ? 1 : remaining < 16_384 ? 2 : remaining < 2_097_152 ? 3 : 4;
  const packet = Buffer.allocUnsafe(1 + lengthBytes + remaining);
  packet[0] = 0x32;
  let at = 1;
  for (let rest = remaining; ; ) {
    const byte = rest % 128;
    rest = Math.floor(rest / 128);
    packet[at++] = rest > 0 ? byte | 128 : byte;
    if (rest === 0) break;
  }
  at = packet.writeUInt16BE(topicBytes, at);
  at += packet.write(topic, at, 'utf8');
  at = packet.writeUInt16BE(id, at);
  packet.write(payload, at, 'utf8');
  return packet;
}
