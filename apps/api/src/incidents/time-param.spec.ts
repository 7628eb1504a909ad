import { BadRequestException } from '@nestjs/common';
import { parseTimeParam } from './time-param';

describe('parseTimeParam', () => {
  it('reads epoch ms and ISO 8601 times with an offset to the same instant', () => {
    const ms = Date.UTC(2026, 0, 5, 8, 0, 0, 250);
    expect(parseTimeParam('at', String(ms))).toBe(ms);
    expect(parseTimeParam('at', '2026-01-05T08:00:00.250Z')).toBe(ms);
    expect(parseTimeParam('at', '2026-01-05T16:00:00.250+08:00')).toBe(ms);
  });

  it.each([undefined, '', 'yesterday', '2026-01-05', '2026-01-05T08:00:00', '-5', '1e12'])('refuses %p with a 400 naming the parameter', (value) => {
    expect(() => parseTimeParam('at', value)).toThrow(BadRequestException);
    expect(() => parseTimeParam('at', value)).toThrow(/^at: /);
  });
});
