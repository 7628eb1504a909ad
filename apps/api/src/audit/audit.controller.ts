import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuditEntry, Page } from '@tianyan/contracts';
import { AuditLogRepository } from '@tianyan/storage';
import { Roles } from '../auth/access.decorators';
import { AuditQueryDto } from './audit-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly log: AuditLogRepository) {}

  @Get()
  @ApiOperation({ summary: 'The audit log, newest first: who did what, when, from where, with before/after (append-only)' })
  list(@Query() query: AuditQueryDto): Promise<Page<AuditEntry>> {
    return this.log.list(query);
  }
}
