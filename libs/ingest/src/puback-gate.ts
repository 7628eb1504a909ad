import type { MqttClient } from 'mqtt';

/** What `_sendPacket` receives for an acknowledgement; only the fields the gate reads. */
interface OutgoingPacket {
  cmd: string;
  messageId?: number;
}
type SendPacket = (packet: OutgoingPacket, cb?: (err?: Error) => void, cbStorePut?: () => void, noStore?: boolean) => void;

/** Handle for one received QoS 1 message whose PUBACK waits for the database commit. */
export interface PendingAck {
  /** Marks the message durable; its PUBACK leaves once every earlier message's has. */
  release(): void;
}

/** One held message: its own handle, so holding costs one object per message. */
class HeldAck implements PendingAck {
  committed = false;
  /** mqtt.js has handled the message and tried to send its PUBACK. */
  handled = false;
  /** Delivered on a connection that has since closed: its PUBACK must never reach the broker. */
  stale = false;

  constructor(
    readonly messageId: number,
    private readonly onRelease: () => void,
  ) {}

  release(): void {
    this.committed = true;
    this.onRelease();
  }
}

/** The client's parts the gate uses: its private `_sendPacket`, its state and its socket. */
type GatedClient = Pick<MqttClient, 'connected' | 'stream' | 'on'>;

/**
 * Acknowledge-after-commit without serialising ingest (DESIGN.md §4). mqtt.js handles the next
 * message only after `handleMessage` calls back, and sends the PUBACK right then. So `handleMessage`
 * calls back at once and this gate intercepts the client's private `_sendPacket` for PUBACKs of
 * held messages, letting them out in arrival order once their batch committed.
 * Relies on mqtt.js internals: the version is pinned and `apps/api/test/ack-after-commit.int-spec.ts` guards it.
 *
 * A message id can stand for two held messages at once: after a reconnect the broker redelivers
 * with the old ids while mqtt.js may still owe PUBACKs of the closed connection (it queues them and
 * sends them on the new one, where they would acknowledge the redelivered or a new message before
 * its commit). So held acks are kept per id in arrival order, and a closed connection's acks stay
 * there, marked stale, to swallow the PUBACK mqtt.js still sends for them. One PUBACK per handled
 * message, in handling order, is all the gate relies on: PUBACKs of one id are identical.
 *
 * Releases are flushed once per microtask turn, so a committed batch's PUBACKs leave as one socket
 * write of 4-byte MQTT 3.1.1 PUBACK packets instead of thousands of packets through mqtt.js (each
 * generated, corked and written on its own: ~2.5 % of ingest's thread, docs/performance.md).
 * Ingest connects with protocol version 4 (3.1.1): a v5 PUBACK may carry more, so the service pins it.
 */
export class PubackGate {
  /** Held acks in arrival order; `head` advances instead of shifting, which is O(n) per call. */
  private queue: HeldAck[] = [];
  private head = 0;
  /**
   * The newest held ack until mqtt.js sends its PUBACK, which it usually does within the same
   * `handleMessage` call; older ones still waiting (back-pressure, a reconnect) move to
   * `awaitingPacket`: per message id, oldest first.
   */
  private newest?: HeldAck;
  private readonly awaitingPacket = new Map<number, HeldAck[]>();
  private readonly send: SendPacket;
  private flushQueued = false;
  private readonly queueFlush = (): void => {
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      this.flush();
    });
  };

  constructor(private readonly client: GatedClient) {
    const target = client as unknown as { _sendPacket: SendPacket };
    if (typeof target._sendPacket !== 'function') {
      throw new Error('mqtt.js internals changed: MqttClient._sendPacket is missing (PubackGate needs the pinned mqtt version)');
    }
    this.send = target._sendPacket.bind(client);
    target._sendPacket = (packet, cb, cbStorePut, noStore) => {
      const held = packet.cmd === 'puback' && packet.messageId !== undefined ? this.takeAwaiting(packet.messageId) : undefined;
      if (!held) return this.send(packet, cb, cbStorePut, noStore);
      cb?.(); // lets mqtt.js move on to the next incoming message
      if (held.stale) return; // the closed connection's: the broker redelivers that message
      held.handled = true;
      this.queueFlush();
    };
    // Held acks belong to the connection that delivered them; the broker redelivers after a reconnect.
    client.on('close', () => this.forgetAll());
  }

  /** Call from `handleMessage` before its callback, for every QoS 1 message. */
  hold(messageId: number): PendingAck {
    const held = new HeldAck(messageId, this.queueFlush);
    this.queue.push(held);
    if (this.newest) this.park(this.newest);
    this.newest = held;
    return held;
  }

  /** PUBACKs captured but not yet sent. */
  get heldCount(): number {
    return this.queue.length - this.head;
  }

  /** Sends the PUBACKs that are due: the longest run of committed, handled acks at the head. */
  private flush(): void {
    const from = this.head;
    while (this.head < this.queue.length && this.queue[this.head]!.committed && this.queue[this.head]!.handled) this.head++;
    if (this.head === from) return;
    // A closed (or closing) connection cannot carry them: the broker redelivers, and 'close' forgets them.
    if (this.client.connected) this.client.stream.write(pubackPackets(this.queue, from, this.head));
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** The oldest held ack of this id that has no PUBACK yet. */
  private takeAwaiting(messageId: number): HeldAck | undefined {
    const same = this.awaitingPacket.get(messageId);
    if (same) {
      const held = same.shift();
      if (same.length === 0) this.awaitingPacket.delete(messageId);
      return held;
    }
    const newest = this.newest;
    if (newest?.messageId !== messageId) return undefined;
    this.newest = undefined;
    return newest;
  }

  private park(held: HeldAck): void {
    const same = this.awaitingPacket.get(held.messageId);
    if (same) same.push(held);
    else this.awaitingPacket.set(held.messageId, [held]);
  }

  private forgetAll(): void {
    for (let i = this.head; i < this.queue.length; i++) this.queue[i]!.stale = true;
    this.queue = [];
    this.head = 0;
  }
}

/** MQTT 3.1.1 PUBACK packets (fixed header 0x40, remaining length 2, message id) for acks[from, to). */
function pubackPackets(acks: readonly HeldAck[], from: number, to: number): Buffer {
  const bytes = Buffer.allocUnsafe((to - from) * 4);
  for (let i = from, at = 0; i < to; i++, at += 4) {
    const id = acks[i]!.messageId;
    bytes[at] = 0x40;
    bytes[at + 1] = 2;
    bytes[at + 2] = id >> 8;
    bytes[at + 3] = id & 0xff;
  }
  return bytes;
}
