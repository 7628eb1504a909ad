import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import type { LogLevel } from '@nestjs/common';

/** Nest's log levels, least verbose first: LOG_LEVEL keeps its own and every level before it. */
const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

/** The levels a Nest logger prints for `config.logLevel` (both app entry points pass this to Nest). */
export function nestLogLevels(level: TianyanConfig['logLevel']): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

const bool = z.enum(['true', 'false', '1', '0', 'on', 'off']).transform((v) => v === 'true' || v === '1' || v === 'on');
const port = z.coerce.number().int().min(1).max(65535);
const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(
      z
        .url()
        .refine((u) => protocols.some((p) => u.startsWith(`${p}://`)), `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`)
        .optional(),
    )
    .optional();

/** Every environment variable Tianyan reads, with its default. `.env.example` mirrors this list. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  EMBEDDED_DB_PORT: port.default(5433),
  EMBEDDED_DB_DIR: z.string().default('./data/pglite'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  MQTT_URL: optionalUrl(['mqtt', 'mqtts', 'tcp', 'ws', 'wss']),
  MQTT_PORT: port.default(1884),
  MQTT_USERNAME: z.string().optional(),
  MQTT_PASSWORD: z.string().optional(),
  MQTT_CLIENT_ID: z.string().min(1).max(64).default('tianyan-ingest'),
  MQTT_SHARED_GROUP: z.string().regex(/^[A-Za-z0-9_-]+$/).optional(),
  MQTT_KEEPALIVE_S: z.coerce.number().int().min(1).max(3600).default(60),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  INGEST_ENABLED: bool.default(true),
  INGEST_AUTO_PROVISION: bool.optional(),
  INGEST_BATCH_MAX: z.coerce.number().int().min(1).max(50000).default(5000),
  INGEST_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(50),
  INGEST_MAX_PENDING: z.coerce.number().int().min(100).max(1_000_000).default(50000),
  INGEST_HEALTH_FILE: z.string().min(1).default('/tmp/tianyan-ingest.health'),
  DEVICE_OFFLINE_AFTER_S: z.coerce.number().int().min(5).max(86400).default(60),
  DEMO: bool.optional(),
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 48)').optional(),
  AUTH_ACCESS_TTL_S: z.coerce.number().int().min(30).max(86400).default(900),
  AUTH_REFRESH_TTL_S: z.coerce.number().int().min(300).max(90 * 86400).default(7 * 86400),
  ADMIN_USERNAME: z.string().regex(/^[A-Za-z0-9_.@-]{3,64}$/, '3–64 letters, digits or _ . @ -').default('admin'),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  CORS_ORIGINS: z.string().optional(),
  RATE_LIMIT_LOGIN_PER_MIN: z.coerce.number().int().min(1).max(100000).default(10),
  RATE_LIMIT_API_PER_MIN: z.coerce.number().int().min(10).max(1_000_000).default(1200),
  WEB_DIST_DIR: z.string().default('dist/web'),
  ALERTS_ENGINE_ENABLED: bool.default(true),
  ALERTS_CHECK_INTERVAL_S: z.coerce.number().min(1).max(3600).default(5),
  ATTACHMENTS_DIR: z.string().default('./data/attachments'),
  SITUATION_ENABLED: bool.default(true),
  SITUATION_INTERVAL_S: z.coerce.number().min(0.1).max(3600).default(5),
  SITUATION_WINDOW_S: z.coerce.number().int().min(10).max(86400).default(300),
  SITUATION_DOWNWIND_M: z.coerce.number().min(0).max(100_000).default(2000),
  SITUATION_THERMAL_C: z.coerce.number().min(-40).max(1600).default(60),
  /** fit: Gaussian plume from the fire fitted to the readings, interpolation where they do not fit one; idw: interpolation only. */
  SITUATION_PLUME_MODEL: z.enum(['fit', 'idw']).default('fit'),
  /** Snapshots older than this (hours since stored) are thinned to one per SITUATION_THIN_TO_S of device time; 0 keeps all. */
  SITUATION_THIN_AFTER_H: z.coerce.number().min(0).max(24 * 3650).default(24),
  SITUATION_THIN_TO_S: z.coerce.number().int().min(1).max(86400).default(60),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('log'),
});

export type TianyanEnv = z.input<typeof envSchema>;

/** The typed configuration every module receives; nothing else reads `process.env`. */
export interface TianyanConfig {
  env: 'development' | 'production' | 'test';
  http: { host: string; port: number; webDistDir: string };
  /**
   * `url` absent: an embedded TimescaleDB (PGlite) is started on `embedded.port`, and the launcher
   * fills in `url`, a pool of one and `maxStatementBytes` under its 64 KiB query-message limit.
   */
  database: { url?: string; embedded: { port: number; dataDir: string }; poolSize: number; maxStatementBytes: number };
  /** `url` absent: an embedded MQTT broker (aedes) is started on `embedded.port`. */
  mqtt: { url?: string; embedded: { port: number }; username?: string; password?: string; clientId: string; sharedGroup?: string; keepaliveS: number };
  redis: { url?: string };
  ingest: {
    enabled: boolean; autoProvision: boolean; batchMax: number; maxPending: number;
    /** How long a write waits for more messages at moderate rates (BatchWriter `lingerMs`). */
    lingerMs: number;
    /** The ingest worker touches this file while connected and writing (container healthcheck; benches wait for it). */
    healthFile: string;
  };
  devices: { offlineAfterMs: number };
  demo: { enabled: boolean };
  auth: {
    /** HMAC secret of the access tokens; generated at boot (tokens die with the process) outside production. */
    jwtSecret: string;
    jwtSecretGenerated: boolean;
    accessTtlS: number;
    refreshTtlS: number;
    /** The first admin, created on first boot when no user exists. `password` absent: none is created. */
    firstAdmin: { username: string; password?: string; isDemoDefault: boolean };
  };
  /** `corsOrigins` false: same origin only; true: reflect any origin (development only). */
  security: { corsOrigins: string[] | boolean; rateLimit: { loginPerMin: number; apiPerMin: number } };
  /**
   * `engineEnabled`: this process evaluates rules (run it in exactly one api replica). Evidence files
   * of the closed loop live under `attachmentsDir` (the database keeps their metadata and hash).
   */
  alerts: { engineEnabled: boolean; checkIntervalMs: number; attachmentsDir: string };
  /**
   * The situation picture (issue 8): recomputed every `intervalMs` (wall clock) from the readings of
   * the last `windowS` (device time) per open incident; off to measure ingest without it.
   */
  situation: { enabled: boolean; intervalMs: number; windowS: number; downwindM: number; thermalThresholdC: number; dispersionFit: boolean; thinAfterMs: number; thinToS: number };
  logLevel: (typeof LOG_LEVELS)[number];
}

export class ConfigError extends Error {}

/** The embedded demo's first admin password when ADMIN_PASSWORD is not set (printed at start). */
export const DEMO_ADMIN_PASSWORD = 'tianyan-demo';

/** Validates the environment once at boot; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): TianyanConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const embeddedDb = !e.DATABASE_URL;
  const production = e.NODE_ENV === 'production';
  const demo = e.DEMO ?? (embeddedDb && !e.MQTT_URL);
  const autoProvision = e.INGEST_AUTO_PROVISION ?? demo;
  const problems: string[] = [];
  if (production && !e.AUTH_JWT_SECRET) problems.push('  AUTH_JWT_SECRET: required when NODE_ENV=production');
  if (production && autoProvision) problems.push('  INGEST_AUTO_PROVISION: must be off when NODE_ENV=production (register devices instead)');
  if (production && e.CORS_ORIGINS?.split(',').some((o) => o.trim() === '*')) problems.push('  CORS_ORIGINS: "*" is not allowed when NODE_ENV=production');
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  const corsList = (e.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter((o) => o !== '');
  // The embedded demo has a well-known admin password (printed at start); nothing else has a default.
  const adminPassword = e.ADMIN_PASSWORD ?? (demo && !production ? DEMO_ADMIN_PASSWORD : undefined);
  return {
    env: e.NODE_ENV,
    http: { host: e.HOST, port: e.PORT, webDistDir: e.WEB_DIST_DIR },
    database: {
      url: e.DATABASE_URL,
      embedded: { port: e.EMBEDDED_DB_PORT, dataDir: e.EMBEDDED_DB_DIR },
      poolSize: e.DB_POOL_SIZE,
      maxStatementBytes: 32 * 1024 * 1024,
    },
    mqtt: {
      url: e.MQTT_URL,
      embedded: { port: e.MQTT_PORT },
      username: e.MQTT_USERNAME,
      password: e.MQTT_PASSWORD,
      // `{hostname}` gives each replica its own persistent session.
      clientId: e.MQTT_CLIENT_ID.replace('{hostname}', hostname()),
      sharedGroup: e.MQTT_SHARED_GROUP,
      keepaliveS: e.MQTT_KEEPALIVE_S,
    },
    redis: { url: e.REDIS_URL },
    ingest: {
      enabled: e.INGEST_ENABLED,
      // Registering unknown devices on first message is a dev/demo convenience: on by default only in
      // the embedded demo, refused in production. It also lets unknown clients publish for unclaimed
      // device ids on the embedded broker (docs/adr/0004).
      autoProvision,
      batchMax: e.INGEST_BATCH_MAX,
      lingerMs: e.INGEST_LINGER_MS,
      maxPending: e.INGEST_MAX_PENDING,
      healthFile: e.INGEST_HEALTH_FILE,
    },
    devices: { offlineAfterMs: e.DEVICE_OFFLINE_AFTER_S * 1000 },
    demo: { enabled: demo },
    auth: {
      jwtSecret: e.AUTH_JWT_SECRET ?? randomBytes(48).toString('base64'),
      jwtSecretGenerated: !e.AUTH_JWT_SECRET,
      accessTtlS: e.AUTH_ACCESS_TTL_S,
      refreshTtlS: e.AUTH_REFRESH_TTL_S,
      firstAdmin: { username: e.ADMIN_USERNAME, password: adminPassword, isDemoDefault: !e.ADMIN_PASSWORD && adminPassword !== undefined },
    },
    security: {
      corsOrigins: corsList.length > 0 ? corsList : !production,
      rateLimit: { loginPerMin: e.RATE_LIMIT_LOGIN_PER_MIN, apiPerMin: e.RATE_LIMIT_API_PER_MIN },
    },
    alerts: { engineEnabled: e.ALERTS_ENGINE_ENABLED, checkIntervalMs: e.ALERTS_CHECK_INTERVAL_S * 1000, attachmentsDir: e.ATTACHMENTS_DIR },
    situation: {
      enabled: e.SITUATION_ENABLED,
      intervalMs: e.SITUATION_INTERVAL_S * 1000,
      windowS: e.SITUATION_WINDOW_S,
      downwindM: e.SITUATION_DOWNWIND_M,
      thermalThresholdC: e.SITUATION_THERMAL_C,
      dispersionFit: e.SITUATION_PLUME_MODEL === 'fit',
      thinAfterMs: e.SITUATION_THIN_AFTER_H * 3_600_000,
      thinToS: e.SITUATION_THIN_TO_S,
    },
    logLevel: e.LOG_LEVEL,
  };
}
