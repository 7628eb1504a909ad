import { Module } from '@nestjs/common';
import { EnforcementStatsRepository, InspectionScanRepository } from '@tianyan/storage';
import { EnforcementController } from './enforcement.controller';
import { EnforcementService } from './enforcement.service';

/**
 * Enforcement statistics for OBD inspection stations. The repositories are provided here, not in
 * StorageModule: they need only the global DataSource, and nothing else reads them.
 */
@Module({
  controllers: [EnforcementController],
  providers: [InspectionScanRepository, EnforcementStatsRepository, EnforcementService],
})
export class EnforcementModule {}
