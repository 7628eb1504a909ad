import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '@tianyan/contracts';

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface SessionRow {
  id: string;
  userId: string;
  refreshHash: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

const USER_COLUMNS = 'id::text AS id, username, display_name, role, password_hash, disabled, created_at, updated_at';
const SESSION_USER_COLUMNS = 'u.id::text AS id, u.username, u.display_name, u.role, u.password_hash, u.disabled, u.created_at, u.updated_at';

/** People and their sign-in sessions (raw SQL; see the identity migration). */
@Injectable()
export class UserRepository {
  constructor(private readonly dataSource: DataSource) {}

  async count(): Promise<number> {
    const [row] = (await this.dataSource.query('SELECT count(*)::int AS n FROM users')) as { n: number }[];
    return row!.n;
  }

  async findAll(): Promise<UserRow[]> {
    return ((await this.dataSource.query(`SELECT ${USER_COLUMNS} FROM users ORDER BY id`)) as Record<string, unknown>[]).map(toUser);
  }

  async findById(id: string): Promise<UserRow | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const rows = (await this.dataSource.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id])) as Record<string, unknown>[];
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findByUsername(username: string): Promise<UserRow | null> {
    const rows = (await this.dataSource.query(`SELECT ${USER_COLUMNS} FROM users WHERE lower(username) = lower($1)`, [username])) as Record<string, unknown>[];
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** Returns null when the username is taken. */
  async create(user: { username: string; displayName: string; role: Role; passwordHash: string }): Promise<UserRow | null> {
    const rows = (await this.dataSource.query(
      `INSERT INTO users (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING ${USER_COLUMNS}`,
      [user.username, user.displayName, user.role, user.passwordHash],
    )) as Record<string, unknown>[];
    return rows[0] ? toUser(rows[0]) : null;
  }

  async update(id: string, change: { displayName?: string; role?: Role; passwordHash?: string; disabled?: boolean }): Promise<UserRow | null> {
    const rows = (await this.dataSource.query(
      `UPDATE users SET display_name = COALESCE($2, display_name), role = COALESCE($3, role),
         password_hash = COALESCE($4, password_hash), disabled = COALESCE($5, disabled), updated_at = now()
       WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [id, change.displayName ?? null, change.role ?? null, change.passwordHash ?? null, change.disabled ?? null],
    )) as [Record<string, unknown>[], number];
    const updated = rows[0]?.[0];
    return updated ? toUser(updated) : null;
  }

  async createSession(s: { id: string; userId: string; refreshHash: string; expiresAt: Date; ip: string | null; userAgent: string | null }): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO user_sessions (id, user_id, refresh_hash, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)',
      [s.id, s.userId, s.refreshHash, s.expiresAt, s.ip, s.userAgent],
    );
  }

  async findSession(id: string): Promise<SessionRow | null> {
    const rows = (await this.dataSource.query(
      'SELECT id, user_id::text AS user_id, refresh_hash, expires_at, revoked_at FROM user_sessions WHERE id = $1',
      [id],
    )) as Record<string, unknown>[];
    const r = rows[0];
    return r ? { id: r.id as string, userId: r.user_id as string, refreshHash: r.refresh_hash as string, expiresAt: r.expires_at as Date, revokedAt: r.revoked_at as Date | null } : null;
  }

  /** The user behind a live session, or null when the session is revoked, expired or the user disabled. */
  async findActiveSessionUser(sessionId: string): Promise<UserRow | null> {
    const rows = (await this.dataSource.query(
      `SELECT ${SESSION_USER_COLUMNS} FROM user_sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT u.disabled`,
      [sessionId],
    )) as Record<string, unknown>[];
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** Swaps the refresh secret only if the presented one is still current: a replayed token loses. */
  async rotateRefresh(id: string, expectedHash: string, nextHash: string, expiresAt: Date): Promise<boolean> {
    const [, count] = (await this.dataSource.query(
      `UPDATE user_sessions SET refresh_hash = $3, refreshed_at = now(), expires_at = $4
       WHERE id = $1 AND refresh_hash = $2 AND revoked_at IS NULL AND expires_at > now()`,
      [id, expectedHash, nextHash, expiresAt],
    )) as [unknown, number];
    return count > 0;
  }

  async revokeSession(id: string, reason: string): Promise<boolean> {
    const [, count] = (await this.dataSource.query(
      'UPDATE user_sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL',
      [id, reason],
    )) as [unknown, number];
    return count > 0;
  }

  async revokeSessionsOf(userId: string, reason: string): Promise<number> {
    const [, count] = (await this.dataSource.query(
      'UPDATE user_sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL',
      [userId, reason],
    )) as [unknown, number];
    return count;
  }
}

function toUser(r: Record<string, unknown>): UserRow {
  return {
    id: r.id as string,
    username: r.username as string,
    displayName: r.display_name as string,
    role: r.role as Role,
    passwordHash: r.password_hash as string,
    disabled: r.disabled as boolean,
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
  };
}
