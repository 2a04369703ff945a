import type { Queue } from 'bull';
import { summarize, type Summary } from './stats';

/** What the hub's API says about one cancellation (GET /v1/cancellations/{id}), as far as the bench reads it. */
export interface CancellationDetail {
  id: string;
  status: 'syncing' | 'synced' | 'failed';
  createdAt: string;
  event: { source: { receivedAt: string; mode: string }; interview: { externalIds: Record<string, string> } };
  deliveries: Array<{
    id: string;
    target: { kind: string; id: string; connector: string };
    effect: string;
    status: string;
    attempts: number;
    receipt: { at?: string } | null;
    history: Array<{ at: string; outcome: string }>;
  }>;
}

/** One measured cancellation: client-side times plus what the hub recorded. All epoch ms. */
export interface Trace {
  interviewId: string;
  /** Just before the sandbox control call that flips `cancelled` and pushes the change event. */
  sentAt: number;
  /** When that call returned, i.e. the hub had answered the push. */
  ackAt?: number;
  pushReplyValid?: boolean;
  pushDurationMs?: number;
  cancellationId?: string;
  /** `event.source.receivedAt`: start of the poll that found the cancellation. */
  detectedAt?: number;
  /** Cancellation record created (canonical event stored, deliveries being planned). */
  recordedAt?: number;
  /** First arrival of the signed delivery at the subscriber. */
  subscriberAt?: number;
  /** How often the subscriber got this delivery's webhook-id by the time the phase was read back. */
  subscriberArrivals?: number;
  /** The last delivery of the cancellation reached a final status (receipt stored). */
  finalAt?: number;
  deliveries?: number;
  deliveryTargets?: string[];
  finalStatus?: string;
  /** Status synced/failed while a delivery is still pending/queued/retrying. */
  inconsistent?: boolean;
}

/** Final time of a delivery as stored by the hub: receipt for delivered, last attempt for dead, planning for skipped. */
export function deliveryFinalAt(d: CancellationDetail['deliveries'][number], cancellationCreatedAt: number): number | undefined {
  if (d.status === 'delivered') return d.receipt?.at ? Date.parse(d.receipt.at) : undefined;
  if (d.status === 'dead') return d.history.length ? Date.parse(d.history[d.history.length - 1].at) : undefined;
  if (d.status === 'skipped') return cancellationCreatedAt;
  return undefined;
}

export interface StageRow {
  stage: string;
  latency: Summary;
}

export function stageRows(traces: Trace[]): StageRow[] {
  const stage = (name: string, pick: (t: Trace) => number | undefined): StageRow => ({
    stage: name,
    latency: summarize(traces.map((t) => (pick(t) === undefined ? NaN : (pick(t) as number) - t.sentAt)).filter((v) => Number.isFinite(v))),
  });
  return [
    stage('push answered by hub (sandbox call returns)', (t) => t.ackAt),
    stage('poll that found it started (event.source.receivedAt)', (t) => t.detectedAt),
    stage('cancellation recorded (createdAt)', (t) => t.recordedAt),
    stage('subscriber received signed delivery', (t) => t.subscriberAt),
    stage('last receipt: every delivery final', (t) => t.finalAt),
  ];
}

export interface QueueStats {
  queue: string;
  jobs: number;
  /** Time between the job becoming runnable (timestamp + delay) and a worker picking it up. */
  waitMs: Summary;
  /** processedOn → finishedOn. */
  runMs: Summary;
  failed: number;
}

/**
 * Bull bookkeeping of jobs that finished inside [from, to]: Bull keeps the last 1000 completed jobs
 * per queue (removeOnComplete), so for long phases this is a sample of the most recent ones.
 */
export async function queueStats(queue: Queue, from: number, to: number, filter: (data: unknown) => boolean = () => true): Promise<QueueStats> {
  const jobs = await queue.getJobs(['completed', 'failed'], 0, 5999);
  const waits: number[] = [];
  const runs: number[] = [];
  let failed = 0;
  let n = 0;
  for (const job of jobs) {
    if (!job || !job.finishedOn || job.finishedOn < from || job.finishedOn > to || !filter(job.data)) continue;
    n++;
    if (job.failedReason) failed++;
    const runnableAt = job.timestamp + (Number(job.opts.delay) || 0);
    if (job.processedOn) {
      waits.push(Math.max(0, job.processedOn - runnableAt));
      runs.push(job.finishedOn - job.processedOn);
    }
  }
  return { queue: queue.name, jobs: n, waitMs: summarize(waits), runMs: summarize(runs), failed };
}
