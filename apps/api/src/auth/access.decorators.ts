import { SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Role } from '@tianyan/contracts';

const IS_PUBLIC = 'tianyan:public';
const MIN_ROLE = 'tianyan:min-role';
const LOGIN_THROTTLED = 'tianyan:login-throttled';

/** Open to anyone: only login, token refresh and health (static assets never reach a guard). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The lowest role allowed (viewer < operator < commander < admin), on a controller or a handler. */
export const Roles = (minimum: Role) => SetMetadata(MIN_ROLE, minimum);

/** Counted against the stricter login rate limit. */
export const LoginThrottled = () => SetMetadata(LOGIN_THROTTLED, true);

/**
 * Who may call a handler. A route that declares neither `@Public()` nor `@Roles()` is `undeclared`:
 * the guard lets only admins through, and the route test fails on it.
 */
export type RouteAccess = { public: true } | { public: false; minimum: Role; declared: boolean };

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function routeAccess(reflector: Reflector, handler: Function, controller: Function): RouteAccess {
  if (reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, controller])) return { public: true };
  const minimum = reflector.getAllAndOverride<Role | undefined>(MIN_ROLE, [handler, controller]);
  return minimum ? { public: false, minimum, declared: true } : { public: false, minimum: 'admin', declared: false };
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function isLoginThrottled(handler: Function): boolean {
  return Reflect.getMetadata(LOGIN_THROTTLED, handler) === true;
}
