import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import type { ServerOptions } from 'socket.io';
import type { TianyanConfig } from '@tianyan/config';

/** Socket.IO with the same CORS policy as REST. */
class ConfiguredIoAdapter extends IoAdapter {
  constructor(
    app: INestApplication,
    private readonly origins: string[] | boolean,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): unknown {
    return super.createIOServer(port, { ...options, cors: { origin: this.origins } } as ServerOptions);
  }
}

/**
 * HTTP hardening and validation, shared by main.ts and the test stack: helmet headers, CORS from
 * CORS_ORIGINS (same origin only in production unless listed; never "*"), the validation pipe.
 */
export function configureHttpApp(app: INestApplication, config: TianyanConfig): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // ECharts and the map draw with inline styles; map tiles and thermal frames are images.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:', 'https:'],
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'upgrade-insecure-requests': null,
        },
      },
      // Served over plain HTTP in embedded mode: HSTS belongs to the TLS proxy in front.
      strictTransportSecurity: config.env === 'production',
    }),
  );
  app.enableCors({ origin: config.security.corsOrigins, credentials: false, allowedHeaders: ['Authorization', 'Content-Type'] });
  app.useWebSocketAdapter(new ConfiguredIoAdapter(app, config.security.corsOrigins));
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
}
