import 'reflect-metadata';
import { Logger, ValidationPipe, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ConfigError, loadConfig, type TianyanConfig } from '@tianyan/config';
import { assertPortFree, startEmbeddedServers } from '@tianyan/embedded';
import { startDemoFleet } from '@tianyan/simulator';
import { ApiModule } from './api.module';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

async function bootstrap(): Promise<void> {
  const logger = new Logger('Tianyan');
  const config = loadConfig();
  await assertPortFree(config.http.port, config.http.host, 'PORT', 'HTTP server');
  const servers = await startEmbeddedServers(config);
  const effective: TianyanConfig = servers.config;

  const app = await NestFactory.create(ApiModule.forRoot(effective), {
    logger: LEVELS.slice(0, LEVELS.indexOf(effective.logLevel) + 1),
  });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  const openApi = new DocumentBuilder()
    .setTitle('Tianyan API')
    .setDescription('Devices, readings, series and quarantine of the Tianyan telemetry command center')
    .setVersion('1')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));

  try {
    await app.listen(effective.http.port, effective.http.host);
  } catch (err) {
    await app.close();
    await servers.stop();
    throw err;
  }

  let demo: { stop(): Promise<void> } | undefined;
  if (effective.demo.enabled && effective.mqtt.url) {
    demo = await startDemoFleet({ mqttUrl: effective.mqtt.url });
    logger.log('demo fleet publishing: 3 drones, 2 mass spectrometers and an OBD station at a chemical-plant fire');
  }
  const shutdown = async () => {
    await demo?.stop();
    await app.close();
    await servers.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  logger.log(`command center on http://localhost:${effective.http.port}  (API docs: /api/docs, health: /health)`);
}

bootstrap().catch((err: Error) => {
  // eslint-disable-next-line no-console
  console.error(err instanceof ConfigError ? err.message : `Tianyan failed to start: ${err.message}`);
  process.exit(1);
});
