import { capPayload, MAX_QUARANTINE_PAYLOAD_BYTES, payloadForEntry, toQuarantineParams } from './quarantine-row';

describe('quarantine rows', () => {
  it('keeps small payloads whole', () => {
    const payload = Buffer.from('{"ts":1}');
    expect(capPayload(payload)).toEqual({ bytes: payload, truncated: false });
  });

  it('truncates at the cap without splitting a UTF-8 character', () => {
    const text = 'x'.repeat(MAX_QUARANTINE_PAYLOAD_BYTES - 1) + '天眼';
    const { bytes, truncated } = capPayload(Buffer.from(text));
    expect(truncated).toBe(true);
    expect(bytes.byteLength).toBe(MAX_QUARANTINE_PAYLOAD_BYTES - 1);
    expect(payloadForEntry(bytes).payloadEncoding).toBe('utf8');
  });

  it('shows binary payloads as base64', () => {
    expect(payloadForEntry(Uint8Array.from([0xff, 0x00]))).toEqual({ payload: '/wA=', payloadEncoding: 'base64' });
  });

  it('replaces NUL in text columns and keeps the original size', () => {
    const params = toQuarantineParams({
      receivedAt: 1, topic: 'a\u0000b', deviceId: null, kind: null, channel: null, reason: 'r', payload: Buffer.alloc(40_000),
    });
    expect(params[1]).toBe('a\uFFFDb');
    expect(params[7]).toBe(40_000);
    expect(params[8]).toBe(true);
  });
});
