import '@hub/connectors';
import { ValidationPipe, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { JsonLogger, type LoadedConfig } from '@hub/config';
import { startWorker } from '@hub/pipeline';
import { HUB_CONFIG, type RuntimeOptions } from '@hub/runtime';
import { HARD_BODY_LIMIT_BYTES, installBodyParsers } from './http/body-parsers';
import { HubModule } from './hub.module';

export interface RunningHub {
  app: INestApplicationContext;
  /** Base URL of the HTTP server; undefined for HUB_ROLE=worker. */
  url?: string;
  close(): Promise<void>;
}

/**
 * Boots one hub process for the given role (the connectors must be registered first: import
 * `@hub/connectors`); port 0 picks a free port (tests).
 */
export async function startHub(options: RuntimeOptions, listen: { port?: number; host?: string } = {}): Promise<RunningHub> {
  if (options.role === 'worker') return startWorker(options);
  const module = HubModule.forRoot(options);
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter({ bodyLimit: HARD_BODY_LIMIT_BYTES, trustProxy: true }),
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(JsonLogger));
  const config = app.get<LoadedConfig>(HUB_CONFIG);
  installBodyParsers(app.getHttpAdapter().getInstance(), config.hub.server.bodyLimitBytes);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  const doc = new DocumentBuilder()
    .setTitle('HR Connector Hub')
    .setDescription('Syncs AI-interview cancellations across DingTalk, Yonyou, Kingdee and Beisen. Authenticate /v1 with `Authorization: Bearer <tenant API key>`.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc));
  app.enableShutdownHooks();
  const port = listen.port ?? config.hub.server.port;
  const host = listen.host ?? config.hub.server.host;
  await app.listen(port, host);
  const address = app.getHttpServer().address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host}:${actualPort}`;
  app.get(JsonLogger).event('info', 'hub.listening', { url, role: options.role });
  return { app, url, close: () => app.close() };
}
