import { BadRequestException } from '@nestjs/common';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** `?at=` and friends: epoch ms (digits) or an ISO 8601 time with an offset; anything else is a 400 naming the parameter. */
export function parseTimeParam(name: string, value: string | undefined): number {
  if (value === undefined || value === '') throw new BadRequestException(`${name}: required (ISO 8601 time or epoch ms)`);
  if (/^\d{1,15}$/.test(value)) return Number(value);
  const ms = ISO.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new BadRequestException(`${name}: "${value}" is not an ISO 8601 time with offset or epoch ms`);
  return ms;
}
