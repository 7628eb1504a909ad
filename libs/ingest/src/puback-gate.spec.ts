import { EventEmitter } from 'node:events';
import type { MqttClient } from 'mqtt';
import { PubackGate } from './puback-gate';
import { fakeMqttClient } from './testing/fake-mqtt-client';

/** The gate flushes once per microtask turn. */
const flushed = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('PubackGate', () => {
  it('holds a PUBACK until its message is released, but lets mqtt.js move on at once', async () => {
    const { raw: client, sent, sendPuback: send } = fakeMqttClient();
    const gate = new PubackGate(client as unknown as MqttClient);
    const ack = gate.hold(7);
    const proceeded = jest.fn();
    send(7, proceeded);
    expect(proceeded).toHaveBeenCalledTimes(1);
    expect(sent).toEqual([]);
    ack.release();
    await flushed();
    expect(sent).toEqual([{ cmd: 'puback', messageId: 7 }]);
  });

  it('sends PUBACKs in arrival order even when later batches commit first', async () => {
    const { raw: client, sent, sendPuback: send } = fakeMqttClient();
    const gate = new PubackGate(client as unknown as MqttClient);
    const acks = [1, 2, 3].map((id) => {
      const ack = gate.hold(id);
      send(id);
      return ack;
    });
    acks[2]!.release();
    acks[1]!.release();
    await flushed();
    expect(sent).toEqual([]);
    acks[0]!.release();
    await flushed();
    expect(sent.map((p) => p.messageId)).toEqual([1, 2, 3]);
    expect(gate.heldCount).toBe(0);
  });

  it('passes through packets it does not hold', async () => {
    const { raw: client, sent, sendPuback: send } = fakeMqttClient();
    new PubackGate(client as unknown as MqttClient);
    send(9);
    client._sendPacket({ cmd: 'pingreq' });
    expect(sent.map((p) => p.cmd)).toEqual(['puback', 'pingreq']);
  });

  it('forgets held PUBACKs when the connection closes: the broker redelivers those messages', async () => {
    const { raw: client, sent, sendPuback: send } = fakeMqttClient();
    const gate = new PubackGate(client as unknown as MqttClient);
    const stale = gate.hold(4);
    send(4);
    client.emit('close');
    stale.release();
    await flushed();
    expect(sent).toEqual([]);
    expect(gate.heldCount).toBe(0);
  });

  it('a closed connection\'s PUBACK that mqtt.js sends late never acknowledges a redelivered message', async () => {
    const { raw: client, sent, sendPuback: send } = fakeMqttClient();
    const gate = new PubackGate(client as unknown as MqttClient);
    const old = gate.hold(5); // its callback is still waiting (back-pressure) when the connection drops
    client.emit('close');
    old.release();
    await flushed();
    const redelivered = gate.hold(5); // the broker resends id 5 on the new connection
    send(5); // the old message's PUBACK, sent late by mqtt.js: swallowed
    expect(sent).toEqual([]);
    send(5); // the redelivered message's own
    expect(sent).toEqual([]);
    redelivered.release();
    await flushed();
    expect(sent).toEqual([{ cmd: 'puback', messageId: 5 }]);
    expect(gate.heldCount).toBe(0);
  });

  it('two held messages with one id both get their PUBACK, in order: one id never stalls the queue', async () => {
    const { raw: client, sent, sendPuback: send } = fakeMqttClient();
    const gate = new PubackGate(client as unknown as MqttClient);
    const first = gate.hold(8);
    const between = gate.hold(9);
    const second = gate.hold(8);
    send(8);
    send(9);
    send(8);
    second.release();
    between.release();
    first.release();
    await flushed();
    expect(sent.map((p) => p.messageId)).toEqual([8, 9, 8]);
    expect(gate.heldCount).toBe(0);
    const later = gate.hold(10);
    send(10);
    later.release();
    await flushed();
    expect(sent.map((p) => p.messageId)).toEqual([8, 9, 8, 10]);
  });

  it("sends a committed batch's PUBACKs as one socket write, and none on a connection that is closing", async () => {
    const { raw: client, sent, sendPuback: send } = fakeMqttClient();
    const writes = jest.spyOn(client.stream, 'write');
    const gate = new PubackGate(client as unknown as MqttClient);
    const acks = [300, 301, 65535].map((id) => {
      const ack = gate.hold(id);
      send(id);
      return ack;
    });
    for (const ack of acks) ack.release();
    await flushed();
    expect(writes).toHaveBeenCalledTimes(1);
    expect(sent).toEqual([300, 301, 65535].map((messageId) => ({ cmd: 'puback', messageId })));

    const late = gate.hold(7);
    send(7);
    client.connected = false; // mqtt.js marks the connection down before its 'close' event
    late.release();
    await flushed();
    expect(writes).toHaveBeenCalledTimes(1);
    expect(sent).toHaveLength(3);
  });

  it('refuses an mqtt.js without the private hook it relies on', () => {
    expect(() => new PubackGate(new EventEmitter() as unknown as MqttClient)).toThrow(/mqtt.js internals changed/);
  });
});
