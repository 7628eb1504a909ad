import { Logger } from '@nestjs/common';
import { MAX_PAYLOAD_BYTES } from '@tianyan/contracts';
import { makeDroneTelemetry, makeStatus } from '@tianyan/testing';
import { DeviceRegistry } from './device-registry';
import { MessageIntake } from './message-intake';

const now = Date.UTC(2026, 10, 23, 8, 0, 0);
const bytes = (body: unknown) => Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');

describe('MessageIntake', () => {
  // the intake warns on every first rejection; jest gives each spec file its own Logger
  beforeAll(() => Logger.overrideLogger(false));

  it('turns a valid message of a new device into a reading and registers the device', () => {
    const registry = new DeviceRegistry(true);
    const batch = new MessageIntake(registry).accept('tianyan/v1/drone/D1/telemetry', bytes(makeDroneTelemetry({ ts: now })), now);
    expect(batch.quarantine).toEqual([]);
    expect(batch.readings).toHaveLength(1);
    expect(batch.readings[0]).toMatchObject({ deviceId: 'D1', stream: 'drone/telemetry', time: now, quality: 'N' });
    expect(batch.devices).toEqual([{ id: 'D1', kind: 'drone', autoProvisioned: true }]);
  });

  it('quarantines what cannot be read, with the reason and whatever the topic tells about the device', () => {
    const intake = new MessageIntake(new DeviceRegistry(true));
    const badJson = intake.accept('tianyan/v1/drone/D1/telemetry', bytes('{"ts":'), now);
    expect(badJson.readings).toEqual([]);
    expect(badJson.quarantine).toEqual([
      { receivedAt: now, topic: 'tianyan/v1/drone/D1/telemetry', reason: expect.stringMatching(/not valid JSON/), payload: bytes('{"ts":'), deviceId: 'D1', kind: 'drone', channel: 'telemetry' },
    ]);
    expect(badJson.devices).toEqual([]);

    const badTopic = intake.accept('tianyan/v1/boat/B1/telemetry', bytes(makeDroneTelemetry({ ts: now })), now);
    expect(badTopic.quarantine[0]).toMatchObject({ reason: 'unknown device kind "boat"', deviceId: 'B1', kind: 'boat', channel: 'telemetry' });

    const invalidUtf8 = intake.accept('tianyan/v1/drone/D1/telemetry', Buffer.from([0x7b, 0xff, 0x7d]), now);
    expect(invalidUtf8.quarantine[0]).toMatchObject({ reason: 'payload is not valid UTF-8', deviceId: 'D1' });

    const oversized = intake.accept('tianyan/v1/drone/D1/telemetry', Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x20), now);
    expect(oversized.quarantine[0]!.reason).toMatch(/exceeds the 262144-byte limit/);
  });

  it('keeps the good envelopes of an array and quarantines each bad one as its own text', () => {
    const bad = makeDroneTelemetry({ ts: now - 1000, batteryPct: 140 });
    const batch = new MessageIntake(new DeviceRegistry(true)).accept('tianyan/v1/drone/D1/telemetry', bytes([makeDroneTelemetry({ ts: now - 2000 }), bad]), now);
    expect(batch.readings).toHaveLength(1);
    expect(batch.quarantine).toHaveLength(1);
    expect(batch.quarantine[0]!.reason).toMatch(/^\[1\] batteryPct/);
    expect(Buffer.from(batch.quarantine[0]!.payload).toString('utf8')).toBe(JSON.stringify(bad));
  });

  it('refuses unknown devices when auto-provisioning is off', () => {
    const batch = new MessageIntake(new DeviceRegistry(false)).accept('tianyan/v1/drone/D9/telemetry', bytes(makeDroneTelemetry({ ts: now })), now);
    expect(batch.readings).toEqual([]);
    expect(batch.quarantine[0]!.reason).toMatch(/unknown device "D9"/);
  });

  it('flags readings while the device reports maintenance', () => {
    const registry = new DeviceRegistry(false);
    registry.load([{ id: 'D1', kind: 'drone', state: null, enabled: true }]);
    const intake = new MessageIntake(registry);
    intake.accept('tianyan/v1/drone/D1/status', bytes(makeStatus({ ts: now - 1000, state: 'maintenance' })), now);
    const batch = intake.accept('tianyan/v1/drone/D1/telemetry', bytes(makeDroneTelemetry({ ts: now })), now);
    expect(batch.readings[0]!.quality).toBe('M');
  });
});
