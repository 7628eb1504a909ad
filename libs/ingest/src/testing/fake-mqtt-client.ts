import { EventEmitter } from 'node:events';
import type { MqttClient } from 'mqtt';
import mqttPacket from 'mqtt-packet';

export interface SentPacket {
  cmd: string;
  messageId?: number;
}

/**
 * A stand-in for mqtt.js as PubackGate sees it: the private `_sendPacket`, `connected` and a socket.
 * What reaches the wire, either way, is decoded by mqtt-packet's MQTT 3.1.1 parser, so `sent` lists
 * real packets and `acked` the message ids of the PUBACKs among them.
 */
export function fakeMqttClient() {
  const sent: SentPacket[] = [];
  const acked: number[] = [];
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  parser.on('packet', (packet: mqttPacket.Packet) => {
    const messageId = (packet as { messageId?: number }).messageId;
    sent.push({ cmd: packet.cmd, messageId });
    if (packet.cmd === 'puback') acked.push(messageId!);
  });
  parser.on('error', (err: Error) => {
    throw err;
  });
  const raw = Object.assign(new EventEmitter(), {
    connected: true,
    stream: { write: (bytes: Buffer) => parser.parse(bytes) },
    _sendPacket(packet: mqttPacket.Packet, cb?: () => void) {
      parser.parse(mqttPacket.generate(packet));
      cb?.();
    },
  });
  /** What mqtt.js does once `handleMessage` called back for a QoS 1 message. */
  const sendPuback = (messageId: number, cb?: () => void) => raw._sendPacket({ cmd: 'puback', messageId }, cb);
  return { client: raw as unknown as MqttClient, raw, sent, acked, sendPuback };
}
