import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { IncidentWindService } from './incident-wind.service';
import { ReceptorsController } from './receptors.controller';
import { ReceptorsService } from './receptors.service';
import { SITUATION_BAND_OVERRIDES } from './situation-band-overrides';
import { SituationController } from './situation.controller';
import { SituationRecomputeService } from './situation-recompute.service';
import { SituationGateway } from './situation.gateway';
import { SituationRetentionService } from './situation-retention.service';
import { SituationService } from './situation.service';

/**
 * The situation picture (issue 8): the service that computes, stores and publishes it, receptors
 * (REST), seek and series of the stored snapshots, the wind reported per incident. Receptor alerts go through AlertEngineService.
 */
@Module({
  imports: [AlertsModule],
  controllers: [ReceptorsController, SituationController],
  providers: [SituationService, SituationRetentionService, SituationRecomputeService, SituationGateway, ReceptorsService, IncidentWindService, { provide: SITUATION_BAND_OVERRIDES, useValue: {} }],
  exports: [SituationService],
})
export class SituationModule {}
