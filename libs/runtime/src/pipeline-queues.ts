import type { JobOptions, Queue } from 'bull';
import {
  INGEST_QUEUE,
  POLL_QUEUE,
  ingestJobOptions,
  pollJobOptions,
  syncJobOptions,
  syncQueueName,
  type IngestJob,
  type PollJob,
  type SyncJob,
} from '@hub/queue';

/** `queued`: Redis has the job · `deferred`: Redis did not answer in time; this process keeps trying, and the sweeper is the backstop. */
export type EnqueueOutcome = 'queued' | 'deferred';
export type RequeueOutcome = 'requeued' | 'still-queued';

interface DeferredAdd {
  queue: Queue;
  data: object;
  opts: JobOptions;
}

/** Retry pace of adds that Redis did not take (Redis down): every second, while any wait. */
const DEFERRED_RETRY_MS = 1000;

/**
 * The producers: every enqueue of the hub goes through here, with deterministic job ids. An add never
 * holds its caller longer than `enqueueTimeoutMs`: while Redis is away, work is already stored in MongoDB
 * (inbox, deliveries), so the caller answers and the add is retried here until Redis takes it.
 */
export class PipelineQueues {
  private readonly deferred = new Map<string, DeferredAdd>();
  private retryTimer?: NodeJS.Timeout;

  constructor(
    private readonly queues: Map<string, Queue>,
    private readonly ingestAttempts: number,
    private readonly enqueueTimeoutMs: number,
  ) {}

  get(name: string): Queue {
    const q = this.queues.get(name);
    if (!q) throw new Error(`no queue "${name}" is registered`);
    return q;
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  /** Adds waiting to be retried because Redis was unreachable. */
  deferredCount(): number {
    return this.deferred.size;
  }

  ingest(job: IngestJob): Promise<EnqueueOutcome> {
    return this.add(this.get(INGEST_QUEUE), job, ingestJobOptions(job.inboxId, this.ingestAttempts));
  }

  sync(connectorId: string, job: SyncJob, delayMs = 0): Promise<EnqueueOutcome> {
    return this.add(this.get(syncQueueName(connectorId)), job, syncJobOptions(job.deliveryId, job.generation, delayMs));
  }

  poll(job: PollJob, jobId: string, delayMs = 0): Promise<EnqueueOutcome> {
    return this.add(this.get(POLL_QUEUE), job, pollJobOptions(jobId, delayMs));
  }

  /** Re-adds an ingest job unless one is still waiting or running (see `requeue`). */
  requeueIngest(job: IngestJob): Promise<RequeueOutcome> {
    return this.requeue(INGEST_QUEUE, job, ingestJobOptions(job.inboxId, this.ingestAttempts));
  }

  /** Re-adds a sync job unless one is still waiting or running (see `requeue`). */
  requeueSync(connectorId: string, job: SyncJob, delayMs = 0): Promise<RequeueOutcome> {
    return this.requeue(syncQueueName(connectorId), job, syncJobOptions(job.deliveryId, job.generation, delayMs));
  }

  /**
   * Adds a job again when its earlier copy finished, failed or vanished without the outcome being
   * recorded in MongoDB. Bull ignores an add while a job with that id exists, so a finished copy
   * is removed first.
   */
  private async requeue(queueName: string, data: object, opts: JobOptions): Promise<RequeueOutcome> {
    const queue = this.get(queueName);
    const existing = await queue.getJob(opts.jobId as string);
    if (existing) {
      const state = await existing.getState();
      if (state === 'waiting' || state === 'active' || state === 'delayed' || state === 'paused') return 'still-queued';
      await existing.remove();
    }
    await queue.add(data, opts);
    return 'requeued';
  }

  private async add(queue: Queue, data: object, opts: JobOptions): Promise<EnqueueOutcome> {
    try {
      await withTimeout(queue.add(data, opts), this.enqueueTimeoutMs);
      return 'queued';
    } catch {
      this.deferred.set(`${queue.name}\u0000${String(opts.jobId)}`, { queue, data, opts });
      this.scheduleRetry();
      return 'deferred';
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.retryDeferred();
    }, DEFERRED_RETRY_MS);
    this.retryTimer.unref();
  }

  private async retryDeferred(): Promise<void> {
    for (const [key, d] of [...this.deferred]) {
      try {
        await withTimeout(d.queue.add(d.data, d.opts), this.enqueueTimeoutMs);
        this.deferred.delete(key);
      } catch {
        break; // Redis is still away: try again later
      }
    }
    if (this.deferred.size) this.scheduleRetry();
  }

  close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not take the job within ${ms} ms`)), ms);
    }),
  ]);
}
