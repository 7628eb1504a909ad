import { Inject, Injectable, Logger, UnauthorizedException, type OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isRole, type CurrentUser, type TokenPair } from '@tianyan/contracts';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { UserRepository, type UserRow } from '@tianyan/storage';
import { AuditService } from '../audit/audit.service';
import { SYSTEM_ACTOR, type Actor, type AuthenticatedUser } from './authenticated-user';
import { DUMMY_HASH, hashSecret, verifySecret } from './password-hasher';

interface AccessClaims {
  sub: string;
  sid: string;
  role: string;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function toCurrentUser(u: UserRow): CurrentUser {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role };
}

/**
 * Sign-in: bcrypt passwords, short-lived JWT access tokens naming their session, refresh tokens
 * rotated on every use (a replayed one revokes the session), logout revoking the session at once.
 */
@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @Inject(TIANYAN_CONFIG) private readonly config: TianyanConfig,
    private readonly users: UserRepository,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
  ) {}

  /** First boot: with no user at all, creates the first admin from ADMIN_USERNAME / ADMIN_PASSWORD. */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const { username, password, isDemoDefault } = this.config.auth.firstAdmin;
    if (!password) {
      this.logger.error('no user exists and ADMIN_PASSWORD is not set: set it and restart to create the first admin');
      return;
    }
    const created = await this.users.create({ username, displayName: 'Administrator', role: 'admin', passwordHash: await hashSecret(password) });
    if (!created) return;
    await this.audit.record(SYSTEM_ACTOR, 'user.create', { type: 'user', id: created.id }, { after: { ...toCurrentUser(created), source: isDemoDefault ? 'demo default' : 'ADMIN_PASSWORD' } });
    this.logger.log(`created the first admin "${username}"${isDemoDefault ? ' with the demo password' : ' from ADMIN_PASSWORD'}`);
  }

  async login(username: string, password: string, actor: Actor): Promise<TokenPair> {
    const user = await this.users.findByUsername(username);
    const ok = await verifySecret(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled) {
      await this.audit.record({ ...actor, id: user?.id ?? null, name: username.slice(0, 64), role: user?.role ?? null }, 'auth.login_failed', { type: 'user', id: user?.id ?? null }, {
        after: { reason: !user ? 'unknown user' : user.disabled ? 'disabled' : 'wrong password' },
      });
      throw new UnauthorizedException('wrong username or password');
    }
    const sessionId = randomBytes(16).toString('base64url');
    const secret = randomBytes(32).toString('base64url');
    const refreshExpiresAt = Date.now() + this.config.auth.refreshTtlS * 1000;
    await this.users.createSession({ id: sessionId, userId: user.id, refreshHash: sha256(secret), expiresAt: new Date(refreshExpiresAt), ip: actor.ip, userAgent: actor.userAgent });
    await this.audit.record({ ...actor, id: user.id, name: user.username, role: user.role }, 'auth.login', { type: 'session', id: sessionId });
    return this.tokens(user, sessionId, secret, refreshExpiresAt);
  }

  async refresh(refreshToken: string, actor: Actor): Promise<TokenPair> {
    const [sessionId, secret] = refreshToken.split('.');
    const session = sessionId && secret ? await this.users.findSession(sessionId) : null;
    if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) throw new UnauthorizedException('session ended: sign in again');
    const presented = sha256(secret!);
    if (!timingSafeEqual(Buffer.from(presented), Buffer.from(session.refreshHash))) {
      // An old refresh token came back: someone holds a copy. End the session for both.
      await this.users.revokeSession(session.id, 'refresh token reused');
      await this.audit.record({ ...actor, id: session.userId }, 'auth.refresh_reused', { type: 'session', id: session.id });
      throw new UnauthorizedException('session ended: sign in again');
    }
    const user = await this.users.findById(session.userId);
    if (!user || user.disabled) throw new UnauthorizedException('session ended: sign in again');
    const nextSecret = randomBytes(32).toString('base64url');
    const refreshExpiresAt = Date.now() + this.config.auth.refreshTtlS * 1000;
    if (!(await this.users.rotateRefresh(session.id, presented, sha256(nextSecret), new Date(refreshExpiresAt)))) {
      throw new UnauthorizedException('session ended: sign in again');
    }
    return this.tokens(user, session.id, nextSecret, refreshExpiresAt);
  }

  async logout(user: AuthenticatedUser, actor: Actor): Promise<void> {
    await this.users.revokeSession(user.sessionId, 'logout');
    await this.audit.record(actor, 'auth.logout', { type: 'session', id: user.sessionId });
  }

  /** The user behind an access token, checked against the live session: null if anything is off. */
  async verifyAccessToken(token: string | undefined | null): Promise<AuthenticatedUser | null> {
    if (!token) return null;
    let claims: AccessClaims & { exp: number };
    try {
      claims = await this.jwt.verifyAsync<AccessClaims & { exp: number }>(token, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
    if (typeof claims.sid !== 'string') return null;
    const user = await this.users.findActiveSessionUser(claims.sid);
    if (!user || user.id !== claims.sub || !isRole(user.role)) return null;
    return { ...toCurrentUser(user), sessionId: claims.sid, expiresAt: claims.exp * 1000 };
  }

  private async tokens(user: UserRow, sessionId: string, secret: string, refreshExpiresAt: number): Promise<TokenPair> {
    const claims: AccessClaims = { sub: user.id, sid: sessionId, role: user.role };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.auth.accessTtlS, algorithm: 'HS256' });
    return {
      accessToken,
      accessExpiresAt: Date.now() + this.config.auth.accessTtlS * 1000,
      refreshToken: `${sessionId}.${secret}`,
      refreshExpiresAt,
      user: toCurrentUser(user),
    };
  }
}
