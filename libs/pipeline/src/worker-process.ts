import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JsonLogger, type LoadedConfig } from '@hub/config';
import { CoreModule, HUB_CONFIG, HubMetrics, type RuntimeOptions } from '@hub/runtime';
import { PipelineModule } from './pipeline.module';
import { serveWorkerMetrics } from './worker-metrics-server';

/** A process that only consumes the queues and runs the schedules (HUB_ROLE=worker); its only HTTP is /metrics, when configured. */
@Module({})
class WorkerProcessModule {
  static forRoot(options: RuntimeOptions): DynamicModule {
    return { module: WorkerProcessModule, imports: [CoreModule.forRoot(options), PipelineModule.register({ consume: true })] };
  }
}

export interface RunningWorker {
  app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;
  close(): Promise<void>;
}

/** Boots a worker-only process (the connectors must be registered first: import `@hub/connectors`). */
export async function startWorker(options: RuntimeOptions): Promise<RunningWorker> {
  const app = await NestFactory.createApplicationContext(WorkerProcessModule.forRoot({ ...options, role: 'worker' }), { bufferLogs: true });
  app.useLogger(app.get(JsonLogger));
  app.enableShutdownHooks();
  await app.init();
  const metricsServer = await serveWorkerMetrics(app.get(HubMetrics), app.get<LoadedConfig>(HUB_CONFIG));
  return {
    app,
    close: async () => {
      metricsServer?.close();
      await app.close();
    },
  };
}
