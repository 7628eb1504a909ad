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
 * Relies on mqtt.js internals: the version is pinned and `puback-gate.int-spec.ts` guards it.
 */
export class PubackGate {
  /** Held acks in arrival order; `head` advances instead of shifting, which is O(n) per call. */
  private queue: HeldAck[] = [];
  private head = 0;
  private readonly byMessageId = new Map<number, HeldAck>();
  private readonly send: SendPacket;

  constructor(client: MqttClient) {
    const target = client as unknown as { _sendPacket: SendPacket };
    if (typeof target._sendPacket !== 'function') {
      throw new Error('mqtt.js internals changed: MqttClient._sendPacket is missing (PubackGate needs the pinned mqtt version)');
    }
    this.send = target._sendPacket.bind(client);
    target._sendPacket = (packet, cb, cbStorePut, noStore) => {
      const held = packet.cmd === 'puback' && packet.messageId !== undefined ? this.byMessageId.get(packet.messageId) : undefined;
      if (!held || held.packet) return this.send(packet, cb, cbStorePut, noStore);
      held.packet = packet;
      cb?.(); // lets mqtt.js move on to the next incoming message
      this.flush();
    };
    // Held acks belong to the connection that delivered them; the broker redelivers after a reconnect.
    client.on('close', () => this.forgetAll());
  }

  /** Call from `handleMessage` before its callback, for every QoS 1 message. */
  hold(messageId: number): PendingAck {
    const held: HeldAck = { messageId, committed: false };
    this.queue.push(held);
    this.byMessageId.set(messageId, held);
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
      this.byMessageId.delete(next.messageId);
      this.send(next.packet);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private forgetAll(): void {
    this.queue = [];
    this.head = 0;
    this.byMessageId.clear();
  }
}
