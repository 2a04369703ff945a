import '@hub/connectors';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ConnectorRegistry } from '@hub/connector-sdk';
import { JsonLogger, loadConfig, TenantDirectory } from '@hub/config';
import { startWorker } from '@hub/pipeline';
import { HubMetrics, type RuntimeOptions } from '@hub/runtime';
import { AbuseLimiter } from './http/abuse-limits';
import { installBodyParsers } from './http/body-parsers';
import { ErrorFilter } from './http/error.filter';
import { KnownRoutes } from './http/known-routes';
import { installRequestLog } from './http/request-log';
import { trustProxySetting } from './http/trust-proxy';
import { bodyValidationPipe } from './http/validation';
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
  const config = options.config ?? loadConfig({ dir: options.configDir, env: options.env, connectors: ConnectorRegistry.fromRegistered() });
  const module = HubModule.forRoot({ ...options, config });
  const { server } = config.hub;
  const routes = new KnownRoutes();
  const adapter = new FastifyAdapter({
    bodyLimit: Math.max(server.bodyLimitBytes, server.apiBodyLimitBytes),
    trustProxy: trustProxySetting(server.trustProxy),
  });
  routes.watch(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { bufferLogs: true, bodyParser: false });
  const log = app.get(JsonLogger);
  const metrics = app.get(HubMetrics);
  app.useLogger(log);
  const fastify = app.getHttpAdapter().getInstance();
  installRequestLog(fastify, log, metrics, config.hub.logging.requests);
  new AbuseLimiter(config.hub.limits, app.get(TenantDirectory), (scope) => metrics.rateLimited.inc({ scope })).install(fastify);
  installBodyParsers(fastify, {
    webhookBytes: config.hub.server.bodyLimitBytes,
    apiBytes: config.hub.server.apiBodyLimitBytes,
    json: { maxDepth: config.hub.limits.jsonMaxDepth, maxArrayLength: config.hub.limits.jsonMaxArrayLength },
  });
  app.useGlobalFilters(new ErrorFilter(log, routes));
  app.useGlobalPipes(bodyValidationPipe());
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
  log.event('info', 'hub.listening', { url, role: options.role });
  return { app, url, close: () => app.close() };
}
