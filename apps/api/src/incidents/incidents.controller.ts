import { BadRequestException, Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { deploymentInputSchema, incidentInputSchema, type Deployment, type Incident, type IncidentStateAt } from '@tianyan/contracts';
import type { z } from 'zod';
import { Roles } from '../auth/access.decorators';
import { RequestActor, type Actor } from '../auth/authenticated-user';
import { ApiZodBody, ZodBodyPipe } from '../common/zod-body.pipe';
import { incidentEndSchema } from './incident-end.schema';
import { incidentPatchSchema } from './incident-patch.schema';
import { IncidentsService } from './incidents.service';
import { parseTimeParam } from './time-param';

// Local aliases: decorator metadata of a type alias is Object, which the global ValidationPipe leaves alone.
type IncidentBody = z.output<typeof incidentInputSchema>;
type IncidentPatchBody = z.output<typeof incidentPatchSchema>;
type DeploymentBody = z.output<typeof deploymentInputSchema>;
type EndBody = z.output<typeof incidentEndSchema>;

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Incidents, newest start first; filter by drill and open' })
  @ApiQuery({ name: 'drill', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'open', required: false, enum: ['true', 'false'] })
  list(@Query('drill') drill?: string, @Query('open') open?: string): Promise<Incident[]> {
    return this.incidents.list({ drill: flag('drill', drill), open: flag('open', open) });
  }

  @Post()
  @Roles('commander')
  @ApiOperation({ summary: 'Create an incident (code, title, level I–IV, area, start/end, drill)' })
  @ApiZodBody(incidentInputSchema)
  create(@Body(new ZodBodyPipe(incidentInputSchema)) body: IncidentBody, @RequestActor() actor: Actor): Promise<Incident> {
    return this.incidents.create(body, actor);
  }

  @Get(':id')
  @Roles('viewer')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<Incident> {
    return this.incidents.get(id);
  }

  @Patch(':id')
  @Roles('commander')
  @ApiOperation({ summary: 'Change some fields of an incident' })
  @ApiZodBody(incidentPatchSchema)
  update(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodBodyPipe(incidentPatchSchema)) body: IncidentPatchBody, @RequestActor() actor: Actor): Promise<Incident> {
    return this.incidents.update(id, body, actor);
  }

  @Post(':id/close')
  @Roles('commander')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close an incident: its end is `at` (default now)' })
  @ApiZodBody(incidentEndSchema)
  close(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodBodyPipe(incidentEndSchema)) body: EndBody, @RequestActor() actor: Actor): Promise<Incident> {
    return this.incidents.close(id, body.at, actor);
  }

  @Get(':id/deployments')
  @Roles('viewer')
  deployments(@Param('id', ParseUUIDPipe) id: string): Promise<Deployment[]> {
    return this.incidents.listDeployments(id);
  }

  @Post(':id/deployments')
  @Roles('commander')
  @ApiOperation({ summary: 'Deploy a device to the incident for a window; windows of one device must not overlap (409)' })
  @ApiZodBody(deploymentInputSchema)
  deploy(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodBodyPipe(deploymentInputSchema)) body: DeploymentBody, @RequestActor() actor: Actor): Promise<Deployment> {
    return this.incidents.deploy(id, body, actor);
  }

  @Post(':id/deployments/:deploymentId/end')
  @Roles('commander')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a deployment at `at` (default now)' })
  @ApiZodBody(incidentEndSchema)
  endDeployment(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('deploymentId', ParseUUIDPipe) deploymentId: string,
    @Body(new ZodBodyPipe(incidentEndSchema)) body: EndBody,
    @RequestActor() actor: Actor,
  ): Promise<Deployment> {
    return this.incidents.endDeployment(id, deploymentId, body.at, actor);
  }

  @Get(':id/state')
  @Roles('viewer')
  @ApiOperation({ summary: 'Seek: the state at T — last reading of each stream of every device deployed at T, open alerts as they stood' })
  @ApiQuery({ name: 'at', required: true, description: 'ISO 8601 time with offset, or epoch ms' })
  state(@Param('id', ParseUUIDPipe) id: string, @Query('at') at?: string): Promise<IncidentStateAt> {
    return this.incidents.stateAt(id, parseTimeParam('at', at));
  }
}

function flag(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new BadRequestException(`${name}: expected true or false`);
}
