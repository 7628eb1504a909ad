import type { MqttClient } from 'mqtt';

type KeepaliveClient = Pick<MqttClient, 'onKeepaliveTimeout' | 'sendPing' | 'keepaliveManager'>;

/**
 * Keeps ingest connected through a backlog. mqtt.js 5 closes the connection when no PINGRESP comes
 * within half a keepalive of its PINGREQ, but the broker's PINGRESP travels behind every PUBLISH it
 * sent before, and ingest takes those only as fast as the database commits them (back-pressure). In
 * a surge of tens of thousands of messages the answer comes late, and the close makes the broker
 * redeliver everything unacknowledged: more load, stored twice (the soak saw 325k duplicates).
 * So while messages are still being handled, the broker is evidently there: ping again and keep
 * waiting. A keepalive with no message at all still ends the connection. Wraps the public
 * `onKeepaliveTimeout` of the pinned mqtt version (`apps/api/test/ack-after-commit.int-spec.ts`).
 */
export class InboundKeepalive {
  private lastMessageAt = -Infinity;
  /** Timeouts ridden out because messages kept arriving. */
  extended = 0;

  constructor(client: KeepaliveClient, onExtended: (quietMs: number) => void = () => undefined, private readonly clock: () => number = Date.now) {
    const close = client.onKeepaliveTimeout.bind(client);
    client.onKeepaliveTimeout = () => {
      const quietMs = this.clock() - this.lastMessageAt;
      if (quietMs >= client.keepaliveManager.keepalive) return close();
      this.extended++;
      onExtended(quietMs);
      client.keepaliveManager.reschedule();
      client.sendPing();
    };
  }

  /** Call for every message handled. */
  messageHandled(now: number): void {
    this.lastMessageAt = now;
  }
}
