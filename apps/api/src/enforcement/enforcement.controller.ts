import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  enforcementFilterSchema, enforcementSummaryQuerySchema, failedVehiclesQuerySchema,
  type EnforcementSummary, type FailedInspectionPage, type RepeatOffender,
} from '@tianyan/contracts';
import { Readable } from 'node:stream';
import type { z } from 'zod';
import { Roles } from '../auth/access.decorators';
import { RequestActor, type Actor } from '../auth/authenticated-user';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { ApiEnforcementFilter, ApiGroupBy, ApiPaging } from './enforcement-query.decorators';
import { EnforcementService } from './enforcement.service';

// Local aliases: decorator metadata of a type alias is Object, which the global ValidationPipe leaves alone.
type FilterQuery = z.output<typeof enforcementFilterSchema>;
type SummaryQuery = z.output<typeof enforcementSummaryQuerySchema>;
type FailedQuery = z.output<typeof failedVehiclesQuerySchema>;

@ApiTags('enforcement')
@ApiBearerAuth()
@Roles('viewer')
@Controller('api/enforcement')
export class EnforcementController {
  constructor(private readonly enforcement: EnforcementService) {}

  @Get('summary')
  @ApiOperation({ summary: 'Vehicles inspected and failed, problem-vehicle rate, failures by kind: totals and rows per station, day or incident' })
  @ApiEnforcementFilter()
  @ApiGroupBy()
  summary(@Query(new ZodBodyPipe(enforcementSummaryQuerySchema)) query: SummaryQuery): Promise<EnforcementSummary> {
    const { groupBy, ...filter } = query;
    return this.enforcement.summary(filter, groupBy);
  }

  @Get('repeat-offenders')
  @ApiOperation({ summary: 'Vehicles (VIN, plates) that failed more than once or at more than one station' })
  @ApiEnforcementFilter()
  repeatOffenders(@Query(new ZodBodyPipe(enforcementFilterSchema)) filter: FilterQuery): Promise<RepeatOffender[]> {
    return this.enforcement.repeatOffenders(filter);
  }

  @Get('failed-vehicles')
  @ApiOperation({ summary: 'Failed inspections with their evidence (readings, limits applied), by station then time, paged by cursor' })
  @ApiEnforcementFilter()
  @ApiPaging()
  failedVehicles(@Query(new ZodBodyPipe(failedVehiclesQuerySchema)) query: FailedQuery): Promise<FailedInspectionPage> {
    return this.enforcement.failedPage(query);
  }

  @Get('failed-vehicles.csv')
  @ApiOperation({ summary: 'Every failed inspection as CSV (UTF-8 with BOM), one row each with measured values and limits; audited' })
  @ApiProduces('text/csv')
  @ApiEnforcementFilter()
  async failedVehiclesCsv(@Query(new ZodBodyPipe(enforcementFilterSchema)) filter: FilterQuery, @RequestActor() actor: Actor): Promise<StreamableFile> {
    const lines = await this.enforcement.csv(filter, actor);
    return new StreamableFile(Readable.from(lines), { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="failed-vehicles.csv"' });
  }
}
