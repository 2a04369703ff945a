import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { ConnectorRegistry } from '@hub/connector-sdk';
import { JsonLogger, TenantDirectory, type LoadedConfig } from '@hub/config';
import { INGEST_QUEUE, POLL_QUEUE, jobIds, syncQueueName, type IngestJob, type PollJob, type SyncJob } from '@hub/queue';
import { HUB_CONFIG, HubMetrics, PipelineQueues, RUNTIME_OPTIONS, batchesWrites, type RuntimeOptions } from '@hub/runtime';
import { IdentitySeeder } from './identity/identity-seeder.service';
import { IngestService } from './ingest/ingest.service';
import { RetentionService } from './maintenance/retention.service';
import { SweeperService } from './maintenance/sweeper.service';
import { PollService } from './poll/poll.service';
import { SyncService } from './sync/sync.service';

/**
 * Attaches a processor to every queue, seeds the config's identity tables, and installs the schedules:
 * a repeatable sweep poll per polling connection (Bull), and the sweeper and retention on timers of this
 * process (so they run, and requeue what Redis lost, as soon as Redis answers again). Boot fails if a
 * registered queue would be left without a processor.
 */
@Injectable()
export class WorkerRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private timers: NodeJS.Timeout[] = [];
  private stopping = false;

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
    @Inject(RetentionService) private readonly retention: RetentionService,
    @Inject(IdentitySeeder) private readonly seeder: IdentitySeeder,
    @Inject(JsonLogger) private readonly log: JsonLogger,
    @Inject(HubMetrics) private readonly metrics: HubMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.seeder.seed();
    const concurrency = this.config.hub.pipeline.workerConcurrency;
    const handled = new Set<string>();
    const attach = <T>(name: string, handler: (data: T, jobId: string) => Promise<string>, jobsAtOnce = concurrency) => {
      const queue = this.queues.get(name);
      void queue.process('*', jobsAtOnce, (job: Job<T>) => this.measured(name, job, () => handler(job.data, String(job.id))));
      queue.on('failed', (job: Job, err: Error) => this.log.event('warn', 'job.failed', { queue: name, jobId: job.id, error: err.message }));
      queue.on('error', (err: Error) => this.log.event('warn', 'queue.error', { queue: name, error: err.message }));
      handled.add(name);
    };
    attach<IngestJob>(INGEST_QUEUE, (d) => this.ingest.process(d));
    attach<PollJob>(POLL_QUEUE, (d, id) => this.poll.process(d, id));
    // A connector that batches its writes needs many deliveries at once to fill a batch (EffectBatcher); only a
    // connector some tenant connects gets the extra job slots (each is a blocking Redis read while the queue is empty).
    const batchConcurrency = Math.max(concurrency, this.config.hub.pipeline.batchConcurrency);
    const connected = new Set(this.tenants.all().flatMap((t) => t.connections.map((c) => c.connector)));
    for (const c of this.registry.all()) {
      attach<SyncJob>(syncQueueName(c.id), (d) => this.sync.process(d), batchesWrites(c) && connected.has(c.id) ? batchConcurrency : concurrency);
    }
    const orphans = this.queues.all().filter((q) => !handled.has(q.name));
    if (orphans.length) throw new Error(`no processor for queues: ${orphans.map((q) => q.name).join(', ')}`);
    if (this.options.schedules) {
      await this.installPollSchedules();
      const p = this.config.hub.pipeline;
      this.every(p.sweepIntervalSeconds * 1000, 'sweeper', () => this.sweeper.sweep());
      this.every(this.config.hub.retention.runEveryMinutes * 60_000, 'retention', () => this.retention.run());
    }
    this.log.event('info', 'worker.started', { queues: [...handled], concurrency });
  }

  /** Runs a job's handler, observing how long the job waited (from when it became runnable) and ran. */
  private async measured(queue: string, job: Job, run: () => Promise<string>): Promise<string> {
    const started = Date.now();
    this.metrics.jobWait.observe({ queue }, Math.max(0, started - job.timestamp - (job.opts.delay ?? 0)) / 1000);
    let result = 'failed';
    try {
      const value = await run();
      result = 'completed';
      return value;
    } finally {
      this.metrics.jobRun.observe({ queue, result }, (Date.now() - started) / 1000);
    }
  }

  /** Runs `task` every `ms`, never twice at once in this process; a failure (Redis or MongoDB away) is logged and retried next time. */
  private every(ms: number, name: string, task: () => Promise<unknown>): void {
    let running = false;
    const timer = setInterval(() => {
      if (running || this.stopping) return;
      running = true;
      task()
        .catch((e: Error) => this.log.event('warn', `${name}.failed`, { error: e.message }))
        .finally(() => (running = false));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  /** A repeatable sweep poll per polling connection, at its own interval or the hub's; stale repeatables are removed. */
  private async installPollSchedules(): Promise<void> {
    const pollQueue = this.queues.get(POLL_QUEUE);
    const wanted = new Map<string, number>();
    for (const tenant of this.tenants.all()) {
      for (const conn of tenant.connections) {
        if (!conn.enabled || !this.registry.get(conn.connector).capabilities.inbound.includes('poll')) continue;
        const jobId = jobIds.scheduledPoll(tenant.id, conn.id);
        const everyMs = (conn.pollIntervalSeconds ?? this.config.hub.pipeline.pollIntervalSeconds) * 1000;
        wanted.set(jobId, everyMs);
        const job: PollJob = { tenantId: tenant.id, connectionId: conn.id, scope: 'sweep', subjects: [] };
        await pollQueue.add(job, { jobId, repeat: { every: everyMs }, removeOnComplete: 100, removeOnFail: 100 });
      }
    }
    await removeStaleRepeatables(pollQueue, wanted);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearInterval(t);
    await Promise.all(this.queues.all().map((q) => q.close().catch(() => undefined)));
  }
}

async function removeStaleRepeatables(queue: Queue, wanted: Map<string, number>): Promise<void> {
  for (const r of await queue.getRepeatableJobs()) {
    if (!r.id || wanted.get(r.id) !== Number(r.every)) await queue.removeRepeatableByKey(r.key);
  }
}
