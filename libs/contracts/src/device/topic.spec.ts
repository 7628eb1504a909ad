import { parseTopic } from './topic';

describe('parseTopic', () => {
  it('answers a repeated topic as the first time, and another device with its own id', () => {
    const first = parseTopic('tianyan/v1/drone/D1/telemetry');
    expect(first).toEqual({ ok: true, topic: { kind: 'drone', deviceId: 'D1', channel: 'telemetry', stream: 'drone/telemetry' } });
    expect(parseTopic('tianyan/v1/drone/D1/telemetry')).toEqual(first);
    expect(parseTopic('tianyan/v1/drone/D2/telemetry')).toMatchObject({ ok: true, topic: { deviceId: 'D2' } });
    expect(parseTopic('tianyan/v1/drone/D1/thermal')).toMatchObject({ ok: true, topic: { deviceId: 'D1', stream: 'drone/thermal' } });
  });

  it('shares a valid result between calls, frozen so no caller can change it for the next', () => {
    const result = parseTopic('tianyan/v1/ms/M7/survey');
    expect(Object.isFrozen(result)).toBe(true);
    expect(result.ok && Object.isFrozen(result.topic)).toBe(true);
  });

  it('keeps answering correctly after more distinct topics than it remembers', () => {
    for (let i = 0; i < 10_000; i++) parseTopic(`tianyan/v1/obd/O${i}/inspection`);
    expect(parseTopic('tianyan/v1/obd/O0/inspection')).toMatchObject({ ok: true, topic: { deviceId: 'O0', stream: 'obd/inspection' } });
    expect(parseTopic('tianyan/v1/obd/O9999/status')).toMatchObject({ ok: true, topic: { deviceId: 'O9999', stream: 'obd/status' } });
  });

  it('explains every invalid topic, each time it is asked', () => {
    for (let i = 0; i < 2; i++) {
      expect(parseTopic('tianyan/v1/drone/D1/sonar')).toEqual({ ok: false, reason: 'unknown channel "sonar" for kind drone', kind: 'drone', deviceId: 'D1', channel: 'sonar' });
      expect(parseTopic('tianyan/v1/drone/D 1/telemetry')).toMatchObject({ ok: false, reason: 'invalid device id "D 1"' });
      expect(parseTopic('tianyan/v1/drone/D1')).toMatchObject({ ok: false, reason: expect.stringMatching(/^topic must be/) });
    }
  });
});
