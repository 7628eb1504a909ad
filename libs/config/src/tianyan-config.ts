import { hostname } from 'node:os';
import { z } from 'zod';

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
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  INGEST_ENABLED: bool.default(true),
  INGEST_AUTO_PROVISION: bool.optional(),
  INGEST_BATCH_MAX: z.coerce.number().int().min(1).max(50000).default(5000),
  INGEST_MAX_PENDING: z.coerce.number().int().min(100).max(1_000_000).default(50000),
  DEVICE_OFFLINE_AFTER_S: z.coerce.number().int().min(5).max(86400).default(60),
  DEMO: bool.optional(),
  WEB_DIST_DIR: z.string().default('dist/web'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
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
  mqtt: { url?: string; embedded: { port: number }; username?: string; password?: string; clientId: string; sharedGroup?: string };
  redis: { url?: string };
  ingest: { enabled: boolean; autoProvision: boolean; batchMax: number; maxPending: number };
  devices: { offlineAfterMs: number };
  demo: { enabled: boolean };
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
}

export class ConfigError extends Error {}

/** Validates the environment once at boot; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): TianyanConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const embeddedDb = !e.DATABASE_URL;
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
    },
    redis: { url: e.REDIS_URL },
    ingest: {
      enabled: e.INGEST_ENABLED,
      // Registering unknown devices on first message is a demo convenience: on by default only embedded.
      autoProvision: e.INGEST_AUTO_PROVISION ?? embeddedDb,
      batchMax: e.INGEST_BATCH_MAX,
      maxPending: e.INGEST_MAX_PENDING,
    },
    devices: { offlineAfterMs: e.DEVICE_OFFLINE_AFTER_S * 1000 },
    demo: { enabled: e.DEMO ?? (embeddedDb && !e.MQTT_URL) },
    logLevel: e.LOG_LEVEL,
  };
}
