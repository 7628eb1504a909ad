import { Module } from '@nestjs/common';
import { IncidentArchiveController } from './incident-archive.controller';
import { IncidentArchiveExportService } from './incident-archive-export.service';
import { IncidentArchiveImportService } from './incident-archive-import.service';
import { IncidentCsvService } from './incident-csv.service';

/** Export of an incident's stored data: CSV per stream, and the archive, and its import. */
@Module({
  controllers: [IncidentArchiveController],
  providers: [IncidentCsvService, IncidentArchiveExportService, IncidentArchiveImportService],
})
export class IncidentArchiveModule {}
