import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { BeisenGateService } from './beisen/beisen-gate.service';
import { FaultInjector } from './common/fault-injector.service';
import { RecordStore } from './common/record-store.service';
import { installTrafficGate } from './common/traffic-gate';
import { DingtalkGateService } from './dingtalk/dingtalk-gate.service';
import { DingtalkStreamGatewayService } from './dingtalk/dingtalk-stream-gateway.service';
import { kingdeeGates } from './kingdee/kingdee-sandbox';
import { SandboxModule } from './sandbox.module';
import { attachYonyou, yonyouGates } from './yonyou/yonyou-sandbox';
import type { SandboxAppOptions } from './sandbox-options';

export type { SandboxAppOptions, SandboxSeed } from './sandbox-options';

export interface SandboxApp {
  app: NestFastifyApplication;
  /** Base URL serving both DingTalk origins (api.dingtalk.com and oapi.dingtalk.com paths). */
  url: string;
  close(): Promise<void>;
}

/** Builds and starts the vendor sandbox; `port: 0` picks a free port (tests). */
export async function createSandboxApp(options: SandboxAppOptions = {}): Promise<SandboxApp> {
  const host = options.host ?? '127.0.0.1';
  const adapter = new FastifyAdapter();
  const app = await NestFactory.create<NestFastifyApplication>(SandboxModule.forRoot(options.seed ?? {}), adapter, {
    logger: options.logger ? ['log', 'warn', 'error'] : false,
  });
  const fastify = adapter.getInstance<FastifyInstance>();
  // Hooks go in before app.listen() registers the routes, so they wrap every route.
  installTrafficGate(fastify, app.get(FaultInjector), app.get(RecordStore), [app.get(DingtalkGateService), ...yonyouGates(app), ...kingdeeGates(app), app.get(BeisenGateService)]);
  await attachYonyou(app, fastify.server);
  const streamGateway = app.get(DingtalkStreamGatewayService);
  fastify.server.on('upgrade', (request, socket, head) => streamGateway.handleUpgrade(request, socket, head));
  await app.listen(options.port ?? 0, host);
  const { port } = fastify.server.address() as AddressInfo;
  return { app, url: `http://${host}:${port}`, close: () => app.close() };
}
