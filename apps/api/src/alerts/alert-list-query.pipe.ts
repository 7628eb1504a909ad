import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { alertQuerySchema } from '@tianyan/contracts';
import type { z } from 'zod';

export type AlertListQuery = z.output<typeof alertQuerySchema>;

const LISTS = ['state', 'level', 'ruleKind'] as const;
const FLAGS = ['open', 'drill'] as const;
const NUMBERS = ['limit', 'offset'] as const;

/** Query strings → the contract's alert query: comma-separated lists, true/false flags, numbers. */
export class AlertListQueryPipe implements PipeTransform<Record<string, unknown>, AlertListQuery> {
  transform(raw: Record<string, unknown>): AlertListQuery {
    const value: Record<string, unknown> = { ...raw };
    for (const key of LISTS) if (typeof value[key] === 'string') value[key] = (value[key] as string).split(',').filter(Boolean);
    for (const key of FLAGS) {
      if (value[key] === 'true') value[key] = true;
      else if (value[key] === 'false') value[key] = false;
    }
    for (const key of NUMBERS) if (typeof value[key] === 'string' && /^\d+$/.test(value[key] as string)) value[key] = Number(value[key]);
    const parsed = alertQuerySchema.strict().safeParse(value);
    if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`));
    if (parsed.data.from && Number.isNaN(Date.parse(parsed.data.from))) throw new BadRequestException('from: expected an ISO time');
    if (parsed.data.to && Number.isNaN(Date.parse(parsed.data.to))) throw new BadRequestException('to: expected an ISO time');
    return parsed.data;
  }
}
