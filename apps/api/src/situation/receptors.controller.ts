import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { receptorImportRequestSchema, type Receptor, type ReceptorImportResult } from '@tianyan/contracts';
import type { z } from 'zod';
import { Roles } from '../auth/access.decorators';
import { RequestActor, type Actor } from '../auth/authenticated-user';
import { ApiZodBody, ZodBodyPipe } from '../common/zod-body.pipe';
import { ReceptorsService } from './receptors.service';

// Local alias: decorator metadata of a type alias is Object, which the global ValidationPipe leaves alone.
type ImportBody = z.output<typeof receptorImportRequestSchema>;

@ApiTags('situation')
@ApiBearerAuth()
@Controller('api/receptors')
export class ReceptorsController {
  constructor(private readonly receptors: ReceptorsService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Sensitive receptors (schools, hospitals, villages, water intakes), oldest first' })
  list(): Promise<Receptor[]> {
    return this.receptors.list();
  }

  @Post('import')
  @Roles('commander')
  @ApiOperation({ summary: 'Create receptors from a GeoJSON file (Point, Polygon, MultiPolygon; properties name, kind, population); all or none' })
  @ApiZodBody(receptorImportRequestSchema)
  async import(@Body(new ZodBodyPipe(receptorImportRequestSchema)) body: ImportBody, @RequestActor() actor: Actor): Promise<ReceptorImportResult> {
    return { created: await this.receptors.import(body.geojson, body.kind, actor) };
  }

  @Delete(':id')
  @Roles('commander')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a receptor (alerts it raised keep naming it)' })
  remove(@Param('id', ParseUUIDPipe) id: string, @RequestActor() actor: Actor): Promise<void> {
    return this.receptors.remove(id, actor);
  }
}
