import { BadRequestException, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { Roles } from '../auth/access.decorators';
import { IncidentArchiveExportService } from './incident-archive-export.service';
import { IncidentArchiveImportService, type ImportResult } from './incident-archive-import.service';
import { IncidentCsvService } from './incident-csv.service';
import { CSV_EXPORTS, type CsvExportName } from './stream-csv-shape';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/incidents')
export class IncidentArchiveController {
  constructor(
    private readonly csv: IncidentCsvService,
    private readonly archive: IncidentArchiveExportService,
    private readonly importer: IncidentArchiveImportService,
  ) {}

  @Post('import')
  @Roles('admin')
  @HttpCode(201)
  @ApiConsumes('application/gzip')
  @ApiOperation({ summary: 'Import an archive from GET :id/archive as the raw body: a new incident, its devices, readings (idempotent)' })
  importArchive(@Req() req: Request): Promise<ImportResult> {
    if (!/^application\/(gzip|x-gzip)\b/.test(req.headers['content-type'] ?? '')) {
      throw new BadRequestException('send the archive as the raw body with content-type application/gzip');
    }
    return this.importer.import(req);
  }

  @Get(':id/archive')
  @Roles('viewer')
  @ApiOperation({ summary: 'The whole incident as tianyan-incident-<code>.ndjson.gz (header, readings, alerts), for import elsewhere' })
  async exportArchive(@Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
    const { code, lines } = await this.archive.export(id);
    return new StreamableFile(Readable.from(lines).pipe(createGzip()), {
      type: 'application/gzip',
      disposition: `attachment; filename="tianyan-incident-${code}.ndjson.gz"`,
    });
  }

  @Get(':id/export/:file')
  @Roles('viewer')
  @ApiOperation({ summary: `One stream of an incident as CSV: ${Object.keys(CSV_EXPORTS).map((n) => `${n}.csv`).join(', ')}` })
  async exportCsv(@Param('id', ParseUUIDPipe) id: string, @Param('file') file: string): Promise<StreamableFile> {
    const name = file.endsWith('.csv') ? file.slice(0, -4) : '';
    if (!Object.hasOwn(CSV_EXPORTS, name)) {
      throw new BadRequestException(`unknown export ${file}; one of ${Object.keys(CSV_EXPORTS).map((n) => `${n}.csv`).join(', ')}`);
    }
    const lines = await this.csv.export(id, name as CsvExportName);
    return new StreamableFile(Readable.from(lines), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${name}.csv"` });
  }
}
