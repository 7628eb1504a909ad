import 'reflect-metadata';
// Before mqtt.js and socket.io load: their `debug` loggers are then quiet (libs/config/src/quiet-debug-loggers.ts).
import { ConfigError, loadConfig, nestLogLevels } from '@tianyan/config';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { writeFile } from 'node:fs/promises';
import { MqttIngestService } from '@tianyan/ingest';
import { IngestAppModule } from './ingest-app.module';

/** Production ingest worker: needs DATABASE_URL and MQTT_URL (and REDIS_URL so the api sees live data). */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  if (!config.database.url || !config.mqtt.url) {
    throw new ConfigError('The ingest worker needs DATABASE_URL and MQTT_URL; for an all-in-one process use `npm start`.');
  }
  if (!config.redis.url) new Logger('Ingest').warn('REDIS_URL is not set: readings are stored but no api process will see them live');
  const app = await NestFactory.createApplicationContext(IngestAppModule.forRoot({ ...config, ingest: { ...config.ingest, enabled: true } }), {
    logger: nestLogLevels(config.logLevel),
  });
  // Container health: a file touched while connected and writing (docker-compose healthcheck reads its age).
  // The first touch comes once subscribed (the context resolves after it), so a waiting bench may publish.
  const ingest = app.get(MqttIngestService);
  const beat = () => {
    if (ingest.connected && !ingest.stats.lastError) void writeFile(config.ingest.healthFile, String(Date.now())).catch(() => undefined);
  };
  beat();
  const heartbeat = setInterval(beat, 5000);
  const shutdown = async () => {
    clearInterval(heartbeat);
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

bootstrap().catch((err: Error) => {
  // eslint-disable-next-line no-console
  console.error(err instanceof ConfigError ? err.message : `Ingest failed to start: ${err.message}`);
  process.exit(1);
});
