import { Module } from '@nestjs/common';
import { FleetHealthController } from './fleet-health.controller';

@Module({ controllers: [FleetHealthController] })
export class FleetModule {}
