import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { LiveGateway } from './live.gateway';
import { WsRolesGuard } from './ws-roles.guard';

/** Needs AuthModule (global): the handshake and room checks use AuthService and the audit trail. */
@Module({ imports: [AlertsModule, IncidentsModule], providers: [LiveGateway, WsRolesGuard], exports: [LiveGateway] })
export class LiveGatewayModule {}
