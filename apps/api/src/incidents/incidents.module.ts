import { Module } from '@nestjs/common';
import { IncidentDeviceCache } from './incident-device-cache';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';

/** Incidents, deployments and seek (REST); the live gateway's incident filter uses IncidentDeviceCache. */
@Module({
  controllers: [IncidentsController],
  providers: [IncidentsService, IncidentDeviceCache],
  exports: [IncidentsService, IncidentDeviceCache],
})
export class IncidentsModule {}
