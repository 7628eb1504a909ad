import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { CurrentUser } from '@tianyan/contracts';

/** The signed-in person of a request or socket, with the session the access token belongs to. */
export interface AuthenticatedUser extends CurrentUser {
  sessionId: string;
  /** Access token expiry, epoch ms. */
  expiresAt: number;
}

/** Who did something, from where: what the audit log records. */
export interface Actor {
  id: string | null;
  name: string;
  role: string | null;
  ip: string | null;
  userAgent: string | null;
}

export type AuthenticatedRequest = Request & { user?: AuthenticatedUser };

export const SYSTEM_ACTOR: Actor = { id: null, name: 'system', role: null, ip: null, userAgent: null };

export function actorOf(req: AuthenticatedRequest): Actor {
  return {
    id: req.user?.id ?? null,
    name: req.user?.username ?? 'anonymous',
    role: req.user?.role ?? null,
    ip: req.ip ?? null,
    userAgent: req.headers['user-agent']?.slice(0, 400) ?? null,
  };
}

/** `@RequestActor() actor: Actor` in a handler. */
export const RequestActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => actorOf(ctx.switchToHttp().getRequest<AuthenticatedRequest>()));

/** `@SignedIn() user: AuthenticatedUser` in a guarded handler. */
export const SignedIn = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthenticatedUser => {
  const user = ctx.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('SignedIn used on a public route');
  return user;
});
