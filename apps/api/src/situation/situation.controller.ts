import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { incidentWindSchema, type IncidentWind, type SituationSeriesPoint } from '@tianyan/contracts';
import type { z } from 'zod';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { SituationSnapshotRepository } from '@tianyan/storage';
import { Roles } from '../auth/access.decorators';
import { RequestActor, type Actor } from '../auth/authenticated-user';
import { ApiZodBody, ZodBodyPipe } from '../common/zod-body.pipe';
import { parseTimeParam } from '../incidents/time-param';
import { IncidentWindService } from './incident-wind.service';
import { SituationRecomputeService } from './situation-recompute.service';

// Local alias: decorator metadata of a type alias is Object, which the global ValidationPipe leaves alone.
type WindBody = z.output<typeof incidentWindSchema>;

/** The stored situation picture of an incident: seek (as it was at T), the numbers for charts, the reported wind. */
@ApiTags('situation')
@ApiBearerAuth()
@Controller('api/incidents/:id/situation')
export class SituationController {
  constructor(
    private readonly snapshots: SituationSnapshotRepository,
    private readonly winds: IncidentWindService,
    private readonly recompute: SituationRecomputeService,
    @Inject(TIANYAN_CONFIG) private readonly config: TianyanConfig,
  ) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({
    summary: 'Seek: the latest stored situation snapshot at or before T; when none lies within the window before T (an incident defined after the fact), the picture computed from the stored readings (`recomputed: true`); JSON null when there are no readings either',
  })
  @ApiQuery({ name: 'at', required: true, description: 'ISO 8601 time with offset, or epoch ms' })
  async at(@Param('id', ParseUUIDPipe) id: string, @Query('at') at: string | undefined, @Res() res: Response): Promise<void> {
    const atMs = parseTimeParam('at', at);
    const stored = await this.snapshots.at(id, atMs);
    const fresh = stored !== null && stored.at >= atMs - this.config.situation.windowS * 1000;
    const snapshot = fresh ? stored : ((await this.recompute.at(id, atMs)) ?? stored);
    // Explicitly JSON: Nest would answer a null result with an empty body, which a client cannot parse.
    res.json(snapshot);
  }

  @Get('series')
  @Roles('viewer')
  @ApiOperation({ summary: 'Per stored snapshot in [from, to]: extent area per compound (km²) and hot area (m²), oldest first' })
  @ApiQuery({ name: 'from', required: true, description: 'ISO 8601 time with offset, or epoch ms' })
  @ApiQuery({ name: 'to', required: true, description: 'ISO 8601 time with offset, or epoch ms' })
  series(@Param('id', ParseUUIDPipe) id: string, @Query('from') from?: string, @Query('to') to?: string): Promise<SituationSeriesPoint[]> {
    const fromMs = parseTimeParam('from', from);
    const toMs = parseTimeParam('to', to);
    if (toMs < fromMs) throw new BadRequestException('to: must not be before from');
    return this.snapshots.series(id, fromMs, toMs);
  }

  @Put('wind')
  @Roles('commander')
  @ApiOperation({ summary: 'Report the wind at the incident (from °, speed m/s): "downwind" uses it instead of the plume axis' })
  @ApiZodBody(incidentWindSchema)
  setWind(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodBodyPipe(incidentWindSchema)) body: WindBody, @RequestActor() actor: Actor): Promise<IncidentWind> {
    return this.winds.set(id, body, actor);
  }

  @Delete('wind')
  @Roles('commander')
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget the reported wind: the picture takes the plume axis again' })
  clearWind(@Param('id', ParseUUIDPipe) id: string, @RequestActor() actor: Actor): Promise<void> {
    return this.winds.clear(id, actor);
  }
}
