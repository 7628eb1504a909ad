import type { MqttClient } from 'mqtt';

/** What `_sendPacket` receives for an acknowledgement; only the fields the gate reads. */
interface OutgoingPacket {
  cmd: string;
  messageId?: number;
}
type SendPacket = (packet: OutgoingPacket, cb?: (err?: Error) => void, cbStorePut?: () => void, noStore?: boolean) => void;

interface HeldAck {
  messageId: number;
  committed: boolean;
  packet?: OutgoingPacket;
  /** Delivered on a connection that has since closed: its PUBACK must never reach the broker. */
  stale?: boolean;
}

/** Handle for one received QoS 1 message whose PUBACK waits for the database commit. */
export interface PendingAck {
  /** Marks the message durable; its PUBACK leaves once every earlier message's has. */
  release(): void;
}

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
 */
export class PubackGate {
  /** Held acks in arrival order; `head` advances instead of shifting, which is O(n) per call. */
  private queue: HeldAck[] = [];
  private head = 0;
  /** Per message id, held acks still waiting for mqtt.js's PUBACK, oldest first. */
  private readonly awaitingPacket = new Map<number, HeldAck[]>();
  private readonly send: SendPacket;

  constructor(client: MqttClient) {
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
      held.packet = packet;
      this.flush();
    };
    // Held acks belong to the connection that delivered them; the broker redelivers after a reconnect.
    client.on('close', () => this.forgetAll());
  }

  /** Call from `handleMessage` before its callback, for every QoS 1 message. */
  hold(messageId: number): PendingAck {
    const held: HeldAck = { messageId, committed: false };
    this.queue.push(held);
    const same = this.awaitingPacket.get(messageId);
    if (same) same.push(held);
    else this.awaitingPacket.set(messageId, [held]);
    return {
      release: () => {
        held.committed = true;
        this.flush();
      },
    };
  }

  /** PUBACKs captured but not yet sent. */
  get heldCount(): number {
    return this.queue.length - this.head;
  }

  private flush(): void {
    while (this.head < this.queue.length) {
      const next = this.queue[this.head]!;
      if (!next.committed || !next.packet) break;
      this.head++;
      this.send(next.packet);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** The oldest held ack of this id that has no PUBACK yet. */
  private takeAwaiting(messageId: number): HeldAck | undefined {
    const same = this.awaitingPacket.get(messageId);
    const held = same?.shift();
    if (same && same.length === 0) this.awaitingPacket.delete(messageId);
    return held;
  }

  private forgetAll(): void {
    for (let i = this.head; i < this.queue.length; i++) this.queue[i]!.stale = true;
    this.queue = [];
    this.head = 0;
  }
}
