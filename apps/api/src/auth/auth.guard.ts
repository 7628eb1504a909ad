import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { roleAtLeast } from '@tianyan/contracts';
import { routeAccess } from './access.decorators';
import { AuthService } from './auth.service';
import type { AuthenticatedRequest } from './authenticated-user';

/**
 * Global HTTP guard (APP_GUARD): every route needs a valid access token and at least its declared
 * role; `@Public()` routes excepted. A route that declares nothing is admin-only.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = routeAccess(this.reflector, context.getHandler(), context.getClass());
    if (access.public) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const user = await this.auth.verifyAccessToken(token);
    if (!user) throw new UnauthorizedException(token ? 'invalid or expired access token' : 'sign in first (Authorization: Bearer <token>)');
    req.user = user;
    if (!roleAtLeast(user.role, access.minimum)) throw new ForbiddenException(`needs role ${access.minimum} or above; you are ${user.role}`);
    return true;
  }
}
