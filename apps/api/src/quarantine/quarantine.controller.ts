import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page, QuarantineEntry } from '@tianyan/contracts';
import { QuarantineRepository } from '@tianyan/storage';
import { QuarantineQueryDto } from './quarantine-query.dto';
import { Roles } from '../auth/access.decorators';

@ApiTags('quarantine')
@Roles('viewer')
@Controller('api/quarantine')
export class QuarantineController {
  constructor(private readonly quarantine: QuarantineRepository) {}

  @Get()
  @ApiOperation({ summary: 'Device messages that were not stored as readings, newest first, with the reason and raw payload' })
  list(@Query() query: QuarantineQueryDto): Promise<Page<QuarantineEntry>> {
    return this.quarantine.list(query);
  }
}
