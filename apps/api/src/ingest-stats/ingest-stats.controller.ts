import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IngestStats } from '@tianyan/ingest';
import { Roles } from '../auth/access.decorators';

@ApiTags('ingest')
@Roles('viewer')
@Controller('api/ingest')
export class IngestStatsController {
  constructor(private readonly stats: IngestStats) {}

  @Get('stats')
  @ApiOkResponse({ description: 'Counters of the ingest running in this process' })
  get() {
    return this.stats.snapshot();
  }
}
