import type { JobOptions, Queue } from 'bull';
import {
  INGEST_QUEUE,
  MAINTENANCE_QUEUE,
  POLL_QUEUE,
  ingestJobOptions,
  pollJobOptions,
  syncJobOptions,
  syncQueueName,
  type IngestJob,
  type PollJob,
  type SyncJob,
} from '@hub/queue';

export type RequeueOutcome = 'requeued' | 'still-queued';

/** The producers: every enqueue in the hub goes through here, with deterministic job ids. */
export class PipelineQueues {
  constructor(
    private readonly queues: Map<string, Queue>,
    private readonly ingestAttempts: number,
  ) {}

  get(name: string): Queue {
    const q = this.queues.get(name);
    if (!q) throw new Error(`no queue "${name}" is registered`);
    return q;
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  async ingest(inboxId: string): Promise<void> {
    const job: IngestJob = { inboxId };
    await this.get(INGEST_QUEUE).add(job, ingestJobOptions(inboxId, this.ingestAttempts));
  }

  async sync(connectorId: string, job: SyncJob, delayMs = 0): Promise<void> {
    await this.get(syncQueueName(connectorId)).add(job, syncJobOptions(job.deliveryId, job.generation, delayMs));
  }

  /** Re-adds an ingest job unless one is still waiting or running (see `requeue`). */
  requeueIngest(inboxId: string): Promise<RequeueOutcome> {
    const job: IngestJob = { inboxId };
    return this.requeue(INGEST_QUEUE, job, ingestJobOptions(inboxId, this.ingestAttempts));
  }

  /** Re-adds a sync job unless one is still waiting or running (see `requeue`). */
  requeueSync(connectorId: string, job: SyncJob): Promise<RequeueOutcome> {
    return this.requeue(syncQueueName(connectorId), job, syncJobOptions(job.deliveryId, job.generation));
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

  async poll(job: PollJob, jobId: string, delayMs = 0): Promise<void> {
    await this.get(POLL_QUEUE).add(job, pollJobOptions(jobId, delayMs));
  }

  maintenance(): Queue {
    return this.get(MAINTENANCE_QUEUE);
  }
}
