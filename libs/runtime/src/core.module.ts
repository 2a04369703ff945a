import { BullModule, getQueueToken } from '@nestjs/bull';
import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { ConnectorRegistry, OutboundPolicy } from '@hub/connector-sdk';
import { JsonLogger, TenantDirectory, loadConfig } from '@hub/config';
import { Repositories, SecretCipher } from '@hub/persistence';
import { INGEST_QUEUE, POLL_QUEUE, syncQueueName } from '@hub/queue';
import { CrashPoints } from './crash-points';
import { HubMetrics } from './hub-metrics';
import { PipelineQueues } from './pipeline-queues';
import { RedisLocks } from './redis-locks';
import { batchesWrites, rateLimitOf } from './rate-limits';
import type { RuntimeOptions } from './runtime-options';
import { HUB_CONFIG, RUNTIME_OPTIONS } from './runtime.tokens';

/**
 * The shared runtime of hub and worker: connectors (registered by importing `@hub/connectors` in the
 * process entry point), validated config, MongoDB repositories, the secret cipher, the logger and the Bull
 * queues with their producers. Config is loaded before Nest starts, so an invalid file stops boot with a
 * message naming the file and path.
 */
@Global()
@Module({})
export class CoreModule implements OnApplicationShutdown {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(PipelineQueues) private readonly queues: PipelineQueues,
  ) {}

  static forRoot(options: RuntimeOptions): DynamicModule {
    const registry = ConnectorRegistry.fromRegistered();
    const config = options.config ?? loadConfig({ dir: options.configDir, env: options.env, connectors: registry });
    const tenants = new TenantDirectory(config);
    // Connectors that call tenant- or subscriber-chosen URLs connect only where hub.yaml `outbound` permits.
    const outbound = new OutboundPolicy({ allow: config.hub.outbound.allow, resolve: options.outboundResolver });
    for (const connector of registry.all()) connector.useOutboundPolicy?.(outbound);
    const logger = new JsonLogger(config.hub.logging.level);
    const cipher = SecretCipher.fromSettings(config.hub.security);
    logger.addSecrets([
      ...cipher.keysAsGiven(),
      config.hub.metrics.token,
      ...tenants.secretValues((id) => registry.get(id).credentialFields.filter((f) => f.secret).map((f) => f.name)),
    ]);
    const queueNames = [INGEST_QUEUE, POLL_QUEUE, ...registry.ids().map(syncQueueName)];
    const bullQueues = queueNames.map((name) => {
      const connector = registry.all().find((c) => syncQueueName(c.id) === name);
      // A connector that batches its writes is paced per batch call by the worker's EffectBatcher instead.
      const limit = connector && !batchesWrites(connector) ? rateLimitOf(config, connector) : undefined;
      return { name, ...(limit ? { limiter: { max: limit.max, duration: limit.durationMs } } : {}) };
    });
    return {
      module: CoreModule,
      imports: [
        BullModule.forRoot({ url: options.redisUrl, prefix: options.queuePrefix, settings: { lockDuration: options.jobLockMs, stalledInterval: options.jobLockMs } }),
        BullModule.registerQueue(...bullQueues),
      ],
      providers: [
        { provide: RUNTIME_OPTIONS, useValue: options },
        { provide: ConnectorRegistry, useValue: registry },
        { provide: HUB_CONFIG, useValue: config },
        { provide: TenantDirectory, useValue: tenants },
        { provide: OutboundPolicy, useValue: outbound },
        { provide: JsonLogger, useValue: logger },
        { provide: SecretCipher, useValue: cipher },
        { provide: CrashPoints, useValue: new CrashPoints(options.env.HUB_CRASH_AT) },
        { provide: Repositories, useFactory: () => Repositories.connect(options.mongoUrl) },
        {
          provide: PipelineQueues,
          inject: queueNames.map((n) => getQueueToken(n)),
          useFactory: (...queues: Queue[]) =>
            new PipelineQueues(new Map(queueNames.map((n, i) => [n, queues[i]])), config.hub.pipeline.ingestAttempts, config.hub.pipeline.enqueueTimeoutMs),
        },
        { provide: RedisLocks, inject: [getQueueToken(POLL_QUEUE)], useFactory: (q: Queue) => new RedisLocks(q.client, options.queuePrefix) },
        { provide: HubMetrics, inject: [PipelineQueues], useFactory: (queues: PipelineQueues) => new HubMetrics(() => queueDepths(queues)) },
      ],
      exports: [RUNTIME_OPTIONS, ConnectorRegistry, HUB_CONFIG, TenantDirectory, OutboundPolicy, JsonLogger, SecretCipher, CrashPoints, Repositories, PipelineQueues, RedisLocks, HubMetrics],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    this.queues.close();
    await this.repos.close();
  }
}

/** Jobs per queue and state; nothing (rather than a hung scrape) while Redis does not answer within a second. */
async function queueDepths(queues: PipelineQueues): Promise<{ queue: string; state: string; jobs: number }[]> {
  const read = Promise.all(
    queues.all().map(async (q) => Object.entries(await q.getJobCounts()).map(([state, jobs]) => ({ queue: q.name, state, jobs: Number(jobs) }))),
  );
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('Redis did not answer')), 1000).unref());
  return (await Promise.race([read, timeout])).flat();
}
