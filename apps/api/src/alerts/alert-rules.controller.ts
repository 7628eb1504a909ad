import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ALERT_RULE_KINDS, alertRuleInputSchema, geofenceImportRequestSchema,
  type AlertRule, type AlertRuleDefinition, type GeofenceImportResult,
} from '@tianyan/contracts';
import type { z } from 'zod';
import { Roles } from '../auth/access.decorators';
import { RequestActor, type Actor } from '../auth/authenticated-user';
import { ApiZodBody, ZodBodyPipe } from '../common/zod-body.pipe';
import { AlertRulesService } from './alert-rules.service';

@ApiTags('alert rules')
@ApiBearerAuth()
@Controller('api/alert-rules')
export class AlertRulesController {
  constructor(private readonly rules: AlertRulesService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Every rule (thresholds, thermal, OBD, geofences, device health), disabled ones included' })
  @ApiQuery({ name: 'kind', required: false, enum: ALERT_RULE_KINDS })
  list(@Query('kind') kind?: string): Promise<AlertRule[]> {
    if (kind !== undefined && !(ALERT_RULE_KINDS as readonly string[]).includes(kind)) {
      throw new BadRequestException(`kind must be one of ${ALERT_RULE_KINDS.join(', ')}`);
    }
    return this.rules.list(kind);
  }

  @Get(':id')
  @Roles('viewer')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<AlertRule> {
    return this.rules.get(id);
  }

  @Post()
  @Roles('commander')
  @ApiOperation({ summary: 'Create a rule; colour limits must rise with the level' })
  @ApiZodBody(alertRuleInputSchema)
  create(@Body(new ZodBodyPipe(alertRuleInputSchema)) body: AlertRuleDefinition, @RequestActor() actor: Actor): Promise<AlertRule> {
    return this.rules.create(body, actor);
  }

  @Put(':id')
  @Roles('commander')
  @ApiOperation({ summary: 'Replace a rule (same kind); open alerts keep their level' })
  @ApiZodBody(alertRuleInputSchema)
  replace(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodBodyPipe(alertRuleInputSchema)) body: AlertRuleDefinition, @RequestActor() actor: Actor): Promise<AlertRule> {
    return this.rules.replace(id, body, actor);
  }

  @Delete(':id')
  @Roles('commander')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a rule (built-in rules can only be disabled); its alerts stay' })
  async remove(@Param('id', ParseUUIDPipe) id: string, @RequestActor() actor: Actor): Promise<void> {
    await this.rules.remove(id, actor);
  }

  @Post('geofences/import')
  @Roles('commander')
  @ApiOperation({ summary: 'Create geofences from a GeoJSON file (Polygon, MultiPolygon, Point + radiusM); all or none' })
  @ApiZodBody(geofenceImportRequestSchema)
  async importGeofences(
    @Body(new ZodBodyPipe(geofenceImportRequestSchema)) body: z.output<typeof geofenceImportRequestSchema>,
    @RequestActor() actor: Actor,
  ): Promise<GeofenceImportResult> {
    const { geojson, ...defaults } = body;
    const result = await this.rules.importGeofences(geojson, defaults, actor);
    if (result.errors.length > 0) throw new BadRequestException(result.errors);
    return { created: result.created, warnings: result.warnings };
  }
}
