import 'reflect-metadata';
// Before mqtt.js and socket.io load: their `debug` loggers are then quiet (libs/config/src/quiet-debug-loggers.ts).
import { ConfigError, loadConfig, nestLogLevels, type TianyanConfig } from '@tianyan/config';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { assertPortFree, startEmbeddedServers } from '@tianyan/embedded';
import { demoFleetDevices, startDemoFleet } from '@tianyan/simulator';
import { openDemoIncident } from './demo/demo-incident';
import { ApiModule } from './api.module';
import { SYSTEM_ACTOR } from './auth/authenticated-user';
import { configureHttpApp } from './boot/configure-app';
import { DeviceAccessService } from './device-access/device-access.service';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Tianyan');
  const config = loadConfig();
  await assertPortFree(config.http.port, config.http.host, 'PORT', 'HTTP server');
  const servers = await startEmbeddedServers(config);
  const effective: TianyanConfig = servers.config;

  // The embedded broker refuses devices until the app binds its device registry (ingest's own account works).
  const app = await NestFactory.create(ApiModule.forRoot(effective, { brokerAccess: servers.brokerAccess }), {
    logger: nestLogLevels(effective.logLevel),
  });
  configureHttpApp(app, effective);
  const openApi = new DocumentBuilder()
    .setTitle('Tianyan API')
    .setDescription('Devices, readings, series and quarantine of the Tianyan telemetry command center')
    .setVersion('1')
    .addBearerAuth()
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
    // Each demo device gets a fresh secret at every start (a secret is shown once, never stored).
    const secrets = await app.get(DeviceAccessService).provisionDemoDevices(demoFleetDevices(), SYSTEM_ACTOR);
    const opened = await openDemoIncident(app, [...secrets.keys()]);
    logger.log(`demo drill incident ${opened.code} open with the demo devices deployed${opened.receptorsAdded ? `; ${opened.receptorsAdded} demo receptors added` : ''}`);
    demo = await startDemoFleet({ mqttUrl: effective.mqtt.url, credentials: (id) => ({ username: id, password: secrets.get(id) }) });
    logger.log(`demo fleet publishing with its own credentials: ${[...secrets.keys()].join(', ')} at a chemical-plant fire`);
  }
  const admin = effective.auth.firstAdmin;
  if (admin.isDemoDefault) {
    logger.warn(`demo sign-in: user "${admin.username}", password "${admin.password}" (set ADMIN_PASSWORD before first start to choose your own)`);
  }
  if (effective.auth.jwtSecretGenerated) logger.warn('AUTH_JWT_SECRET is not set: a random one is used, so sign-ins end when the process restarts');
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
