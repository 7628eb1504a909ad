import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { WsException } from '@nestjs/websockets';
import { roleAtLeast } from '@tianyan/contracts';
import type { Socket } from 'socket.io';
import { routeAccess } from '../auth/access.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';

/**
 * Roles on Socket.IO events: `@Roles('commander')` on a gateway handler reserves the event. The
 * handshake already proved who the socket is (LiveGateway.afterInit); this checks the role.
 */
@Injectable()
export class WsRolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const access = routeAccess(this.reflector, context.getHandler(), context.getClass());
    if (access.public) return true;
    const user = context.switchToWs().getClient<Socket>().data.user as AuthenticatedUser | undefined;
    if (!user) throw new WsException('unauthorized');
    if (!roleAtLeast(user.role, access.minimum)) throw new WsException(`forbidden: needs role ${access.minimum} or above`);
    return true;
  }
}
