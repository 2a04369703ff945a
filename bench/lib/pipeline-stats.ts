import type { Queue } from 'bull';
import type { PollJob } from '@hub/queue';
import type { RecordStore } from '../../apps/vendor-sandbox/src/common/record-store.service';
import { summarize, type Summary } from './stats';

/** What the hub's API says about one cancellation (GET /v1/cancellations/{id}), as far as the bench reads it. */
export interface CancellationDetail {
  id: string;
  status: 'syncing' | 'synced' | 'failed' | 'awaiting_link' | 'uncertain';
  createdAt: string;
  event: { source: { receivedAt: string; mode: string }; interview: { externalIds: Record<string, string> } };
  deliveries: Array<{
    id: string;
    target: { kind: string; id: string; connector: string };
    effect: string;
    status: string;
    attempts: number;
    receipt: { at?: string } | null;
    uncertain: { since?: string } | null;
    history: Array<{ at: string; outcome: string }>;
  }>;
}

/** One measured cancellation: client-side times plus what the hub recorded. All epoch ms. */
export interface Trace {
  /** The interview's id in the origin connection (DingTalk's interviewId, YonBIP's candidate detail `interviewId`). */
  interviewId: string;
  /** Just before the sandbox control call that cancels in the vendor and pushes to the hub (DingTalk's cancel, YonBIP's last approval). */
  sentAt: number;
  /** When that call returned, i.e. the hub had answered the push(es). */
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
  /** Status other than syncing while a delivery is not final. */
  inconsistent?: boolean;
}

/** Final time of a delivery as stored by the hub: receipt for delivered, last attempt for dead, planning for skipped. */
export function deliveryFinalAt(d: CancellationDetail['deliveries'][number], cancellationCreatedAt: number): number | undefined {
  if (d.status === 'delivered') return d.receipt?.at ? Date.parse(d.receipt.at) : undefined;
  if (d.status === 'uncertain') return d.uncertain?.since ? Date.parse(d.uncertain.since) : undefined;
  if (d.status === 'dead') return d.history.length ? Date.parse(d.history[d.history.length - 1].at) : undefined;
  if (d.status === 'skipped') return cancellationCreatedAt;
  return undefined;
}

export interface StageRow {
  stage: string;
  latency: Summary;
}

/** `ackStage` names the first stage: when the origin's control call returned with the hub's answer to its push. */
export function stageRows(traces: Trace[], ackStage: string): StageRow[] {
  const stage = (name: string, pick: (t: Trace) => number | undefined): StageRow => ({
    stage: name,
    latency: summarize(traces.map((t) => (pick(t) === undefined ? NaN : (pick(t) as number) - t.sentAt)).filter((v) => Number.isFinite(v))),
  });
  return [
    stage(ackStage, (t) => t.ackAt),
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

export interface PollStats {
  /** Polls that ran in the phase, by scope. */
  changes: number;
  sweep: number;
  subjects: number;
  /** Poll jobs that found another poll of the connection's lane running and re-queued themselves. */
  deferred: number;
  /** Run time of each scheduled sweep that overlapped the phase (its own lane: push-triggered polls go on beside it). */
  sweepRunMs: number[];
  /** Per poll: time until its last vendor query, and from there to the end (inbox writes); exact only while polls do not overlap. */
  vendorMs: Summary;
  afterMs: Summary;
}

/**
 * What the poll queue's bookkeeping (the last 1000 jobs) and the sandbox's records (`vendor`) say about the polls of
 * `connectionId` in [from, to].
 */
export async function pollStats(pollQueue: Queue, records: RecordStore, sinceSeq: number, from: number, to: number, connectionId: string, vendor: string): Promise<PollStats> {
  const jobs = (await pollQueue.getJobs(['completed', 'failed'], 0, 5999)).filter((j) => j && (j.data as PollJob).connectionId === connectionId);
  const queries = records.list({ vendor, since: sinceSeq }).filter((r) => r.kind === 'query');
  const out: PollStats = { changes: 0, sweep: 0, subjects: 0, deferred: 0, sweepRunMs: [], vendorMs: summarize([]), afterMs: summarize([]) };
  const vendorMs: number[] = [];
  const afterMs: number[] = [];
  for (const j of jobs) {
    if (!j?.finishedOn || !j.processedOn || j.finishedOn < from || j.processedOn > to) continue;
    const scope = (j.data as PollJob).scope;
    if (scope === 'sweep' && !deferred(j)) out.sweepRunMs.push(j.finishedOn - j.processedOn);
    if (j.finishedOn > to) continue;
    if (deferred(j)) {
      out.deferred++;
      continue;
    }
    out[scope]++;
    const mine = queries.filter((r) => r.at >= (j.processedOn as number) && r.at <= (j.finishedOn as number));
    if (!mine.length) continue;
    const last = mine[mine.length - 1].at;
    vendorMs.push(last - j.processedOn);
    afterMs.push(j.finishedOn - last);
  }
  out.vendorMs = summarize(vendorMs);
  out.afterMs = summarize(afterMs);
  return out;
}

export interface SweepRun {
  connectionId?: string;
  startedAt: number;
  ms: number;
  /** The job's result ("N events, M new, …"), its failure, or "still running". */
  result: string;
  /** Attempts that found another sweep of the connection running and re-queued themselves, and how long it waited so. */
  deferrals: number;
  waitedMs: number;
}

const deferred = (j: { returnvalue?: unknown }): boolean => typeof j.returnvalue === 'string' && j.returnvalue.startsWith('another poll');

/** The scheduled sweeps Bull still knows (it keeps the last 100 finished) that started after `from`, and a running one. */
export async function sweepRuns(pollQueue: Queue, from: number): Promise<SweepRun[]> {
  const jobs = (await pollQueue.getJobs(['completed', 'failed', 'active'], 0, 5999))
    .filter((j) => j && (j.data as PollJob).scope === 'sweep' && j.processedOn && j.processedOn >= from)
    .sort((a, b) => (a.processedOn as number) - (b.processedOn as number));
  const runs: SweepRun[] = [];
  // Deferred attempts, by connection (each connection's sweep has a lane of its own).
  const waitingBy = new Map<string, number[]>();
  for (const j of jobs) {
    const connectionId = (j.data as PollJob).connectionId;
    const waiting = waitingBy.get(connectionId) ?? [];
    if (deferred(j)) {
      waitingBy.set(connectionId, [...waiting, j.processedOn as number]);
      continue;
    }
    waitingBy.delete(connectionId);
    runs.push({
      connectionId,
      startedAt: j.processedOn as number,
      ms: (j.finishedOn ?? Date.now()) - (j.processedOn as number),
      result: j.finishedOn ? (j.failedReason ? `failed: ${j.failedReason}` : String(j.returnvalue)) : 'still running',
      deferrals: waiting.length,
      waitedMs: waiting.length ? (j.processedOn as number) - waiting[0] : 0,
    });
  }
  return runs;
}
