import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { ConnectorRegistry } from '@hub/connector-sdk';
import { JsonLogger, TenantDirectory, type LoadedConfig } from '@hub/config';
import { INGEST_QUEUE, MAINTENANCE_QUEUE, POLL_QUEUE, SWEEP_JOB, jobIds, syncQueueName, type IngestJob, type PollJob, type SyncJob } from '@hub/queue';
import { HUB_CONFIG } from '../../hub/src/core/core.tokens';
import { PipelineQueues } from '../../hub/src/core/pipeline-queues';
import { RUNTIME_OPTIONS } from '../../hub/src/core/core.module';
import type { RuntimeOptions } from '../../hub/src/core/runtime-options';
import { IngestService } from './pipeline/ingest.service';
import { PollService } from './pipeline/poll.service';
import { SweeperService } from './pipeline/sweeper.service';
import { SyncService } from './pipeline/sync.service';

/**
 * Attaches a processor to every queue and installs the schedules (polls per connection, the
 * sweeper). Boot fails if a registered queue would be left without a processor.
 */
@Injectable()
export class WorkerRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(PipelineQueues) private readonly queues: PipelineQueues,
    @Inject(ConnectorRegistry) private readonly registry: ConnectorRegistry,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(HUB_CONFIG) private readonly config: LoadedConfig,
    @Inject(RUNTIME_OPTIONS) private readonly options: RuntimeOptions,
    @Inject(IngestService) private readonly ingest: IngestService,
    @Inject(SyncService) private readonly sync: SyncService,
    @Inject(PollService) private readonly poll: PollService,
    @Inject(SweeperService) private readonly sweeper: SweeperService,
    @Inject(JsonLogger) private readonly log: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const concurrency = this.config.hub.pipeline.workerConcurrency;
    const handled = new Set<string>();
    const attach = <T>(name: string, handler: (data: T) => Promise<string>) => {
      const queue = this.queues.get(name);
      void queue.process('*', concurrency, (job: Job<T>) => handler(job.data));
      queue.on('failed', (job: Job, err: Error) => this.log.event('warn', 'job.failed', { queue: name, jobId: job.id, error: err.message }));
      handled.add(name);
    };
    attach<IngestJob>(INGEST_QUEUE, (d) => this.ingest.process(d.inboxId));
    attach<PollJob>(POLL_QUEUE, (d) => this.poll.process(d));
    attach<unknown>(MAINTENANCE_QUEUE, async () => JSON.stringify(await this.sweeper.sweep()));
    for (const id of this.registry.ids()) attach<SyncJob>(syncQueueName(id), (d) => this.sync.process(d.deliveryId, d.generation));
    const orphans = this.queues.all().filter((q) => !handled.has(q.name));
    if (orphans.length) throw new Error(`no processor for queues: ${orphans.map((q) => q.name).join(', ')}`);
    if (this.options.schedules) await this.installSchedules();
    this.log.event('info', 'worker.started', { queues: [...handled], concurrency });
  }

  /** Repeatable jobs: one poll per polling connection, one sweeper; stale repeatables are removed. */
  private async installSchedules(): Promise<void> {
    const p = this.config.hub.pipeline;
    const pollQueue = this.queues.get(POLL_QUEUE);
    const wanted = new Set<string>();
    for (const tenant of this.tenants.all()) {
      for (const conn of tenant.connections) {
        if (!conn.enabled || !this.registry.get(conn.connector).capabilities.inbound.includes('poll')) continue;
        const jobId = jobIds.scheduledPoll(tenant.id, conn.id);
        wanted.add(jobId);
        const job: PollJob = { tenantId: tenant.id, connectionId: conn.id, subjects: [], reason: 'schedule' };
        await pollQueue.add(job, { jobId, repeat: { every: p.pollIntervalSeconds * 1000 }, removeOnComplete: 100, removeOnFail: 100 });
      }
    }
    await this.removeStaleRepeatables(pollQueue, wanted, p.pollIntervalSeconds * 1000);
    const maintenance = this.queues.maintenance();
    await maintenance.add({ task: SWEEP_JOB }, { jobId: SWEEP_JOB, repeat: { every: p.sweepIntervalSeconds * 1000 }, removeOnComplete: 10, removeOnFail: 100 });
    await this.removeStaleRepeatables(maintenance, new Set([SWEEP_JOB]), p.sweepIntervalSeconds * 1000);
  }

  private async removeStaleRepeatables(queue: Queue, wanted: Set<string>, everyMs: number): Promise<void> {
    for (const r of await queue.getRepeatableJobs()) {
      if (!r.id || !wanted.has(r.id) || Number(r.every) !== everyMs) await queue.removeRepeatableByKey(r.key);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.queues.all().map((q) => q.close().catch(() => undefined)));
  }
}
