import { InboundKeepalive } from './inbound-keepalive';

function fakeClient() {
  const calls: string[] = [];
  const client = {
    keepaliveManager: { keepalive: 60_000, reschedule: () => calls.push('reschedule') },
    sendPing: () => calls.push('ping'),
    onKeepaliveTimeout: () => calls.push('close'),
  };
  return { client: client as never as ConstructorParameters<typeof InboundKeepalive>[0] & { onKeepaliveTimeout(): void }, calls };
}

describe('InboundKeepalive', () => {
  it('rides out a late PINGRESP while messages keep being handled: pings again instead of closing', () => {
    const { client, calls } = fakeClient();
    let now = 1_000_000;
    const extensions: number[] = [];
    const keepalive = new InboundKeepalive(client, (quietMs) => extensions.push(quietMs), () => now);
    keepalive.messageHandled(now - 2_000);
    client.onKeepaliveTimeout();
    expect(calls).toEqual(['reschedule', 'ping']);
    expect(keepalive.extended).toBe(1);
    expect(extensions).toEqual([2_000]);
    now += 45_000;
    keepalive.messageHandled(now - 10);
    client.onKeepaliveTimeout();
    expect(calls).toEqual(['reschedule', 'ping', 'reschedule', 'ping']);
  });

  it('closes as mqtt.js would when no message came for a whole keepalive, or none ever', () => {
    const { client, calls } = fakeClient();
    let now = 1_000_000;
    const keepalive = new InboundKeepalive(client, undefined, () => now);
    client.onKeepaliveTimeout();
    expect(calls).toEqual(['close']);
    keepalive.messageHandled(now);
    now += 60_000;
    client.onKeepaliveTimeout();
    expect(calls).toEqual(['close', 'close']);
    expect(keepalive.extended).toBe(0);
  });
});
