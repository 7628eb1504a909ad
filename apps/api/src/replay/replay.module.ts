import { Module } from '@nestjs/common';
import { ReplayGateway } from './replay.gateway';
import { WsRolesGuard } from '../live/ws-roles.guard';

/** Post-incident playback over Socket.IO; storage is global. Needs LiveGatewayModule for the handshake. */
@Module({ providers: [ReplayGateway, WsRolesGuard] })
export class ReplayModule {}
