import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { IngestTotals } from '@tianyan/contracts';
import { Roles } from '../auth/access.decorators';
import { IngestTotalsSource } from './ingest-totals';

@ApiTags('ingest')
@Roles('viewer')
@Controller('api/ingest')
export class IngestStatsController {
  constructor(private readonly totals: IngestTotalsSource) {}

  @Get('stats')
  @ApiOkResponse({ description: 'Counters of every ingest: the one in this process, or the separate workers (with `workers`: their last reports)' })
  get(): Promise<IngestTotals> {
    return this.totals.read();
  }
}
