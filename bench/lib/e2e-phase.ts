import { INGEST_QUEUE, POLL_QUEUE, syncQueueName, type PollJob } from '@hub/queue';
import type { Env } from './bench-env';
import { CONNECTION, log, params } from './bench-params';
import { mapLimit, sleep, type JsonClient } from './http-client';
import { deliveryFinalAt, queueStats, stageRows, type CancellationDetail, type QueueStats, type StageRow, type Trace } from './pipeline-stats';
import type { ResourceMonitor, ResourceUsage } from './resources';
import { lastSeq, sandboxCounts, type SandboxCounts } from './sandbox-counts';
import { summarize, type Summary } from './stats';

/** End-to-end phases: sandbox cancellations traced until every delivery of every cancellation is final. */

interface CancelAnswer {
  pushes: Array<{ replyValid: boolean; durationMs: number; httpStatus?: number; reason?: string }>;
}

interface ListPage {
  items: Array<{ id: string; status: string; createdAt: string }>;
  next: string | null;
}

/** Every cancellation of the tenant (newest first), paging with `before`; bounded page count. */
async function listCancellations(api: JsonClient, maxItems: number): Promise<ListPage['items']> {
  const items: ListPage['items'] = [];
  let before: string | null = null;
  for (let page = 0; page < Math.ceil(maxItems / 200) + 2; page++) {
    const res: ListPage = await api.ok<ListPage>('GET', `/v1/cancellations?limit=200${before ? `&before=${before}` : ''}`);
    items.push(...res.items);
    if (!res.next) break;
    before = res.next;
  }
  return items;
}

/** Waits until the tenant has `expected` cancellations and none is still syncing. */
export async function waitAllFinal(e: Env, expected: number, timeoutMs: number, label: string): Promise<ListPage['items']> {
  const deadline = Date.now() + timeoutMs;
  let lastLog = 0;
  for (;;) {
    const items = await listCancellations(e.api, expected + 10);
    const syncing = items.filter((i) => i.status === 'syncing').length;
    if (items.length >= expected && syncing === 0) return items;
    if (Date.now() > deadline) {
      throw new Error(`${label}: after ${timeoutMs / 1000} s the hub holds ${items.length}/${expected} cancellations, ${syncing} still syncing (subscriber got ${e.receiver.arrivals.size})`);
    }
    if (Date.now() - lastLog > 5000) {
      lastLog = Date.now();
      log(`${label}: ${items.length}/${expected} cancellations recorded, ${syncing} syncing, subscriber has ${e.receiver.arrivals.size}`);
    }
    await sleep(250);
  }
}

export async function cancel(e: Env, interviewId: string, trace: Trace): Promise<void> {
  trace.sentAt = Date.now();
  const answer = await e.sb.ok<CancelAnswer>('POST', `/_sandbox/dingtalk/interviews/${interviewId}/cancel`, { reason: '候选人已接受其他offer' });
  trace.ackAt = Date.now();
  trace.pushReplyValid = answer.pushes.length > 0 && answer.pushes.every((p) => p.replyValid);
  trace.pushDurationMs = answer.pushes.reduce((m, p) => Math.max(m, p.durationMs), 0);
  if (!trace.pushReplyValid) log(`push for ${interviewId} was not accepted: ${JSON.stringify(answer.pushes)}`);
}

/** Reads every delivery of the given cancellations back from the API and completes the traces. */
async function collect(e: Env, traces: Trace[], cancellationIds: string[]): Promise<void> {
  const byInterview = new Map(traces.map((t) => [t.interviewId, t]));
  const arrivals = e.receiver.byInterview();
  await mapLimit(cancellationIds, 4, async (id) => {
    const d = await e.api.ok<CancellationDetail>('GET', `/v1/cancellations/${id}`);
    const interviewId = d.event.interview.externalIds[CONNECTION];
    const t = interviewId ? byInterview.get(interviewId) : undefined;
    if (!t) return;
    const created = Date.parse(d.createdAt);
    const finals = d.deliveries.map((x) => deliveryFinalAt(x, created));
    t.cancellationId = d.id;
    t.detectedAt = Date.parse(d.event.source.receivedAt);
    t.recordedAt = created;
    t.deliveries = d.deliveries.length;
    t.deliveryTargets = d.deliveries.map((x) => `${x.target.kind}:${x.target.connector}/${x.effect}=${x.status}`);
    t.finalStatus = d.status;
    t.finalAt = finals.length && finals.every((f) => f !== undefined) ? Math.max(...(finals as number[])) : d.deliveries.length === 0 ? created : undefined;
    // The API says the cancellation is done, yet a delivery is not final: the hub's records disagree.
    t.inconsistent = d.status !== 'syncing' && t.finalAt === undefined;
    t.subscriberAt = arrivals.get(interviewId)?.at;
    t.subscriberArrivals = arrivals.get(interviewId)?.count;
  });
}

export interface E2EResult {
  label: string;
  mode: string;
  traces: Trace[];
  stages: StageRow[];
  lastReceipt: Summary;
  eventsPerSec: number;
  spanMs: number;
  complete: number;
  /** Cancellations reported synced/failed while one of their deliveries is not final (lost update). */
  inconsistent: Trace[];
  pushFailures: number;
  deliveriesPerCancellation: Record<string, number>;
  targets: Record<string, number>;
  sandbox: SandboxCounts;
  queues: QueueStats[];
  polls: { sweep: number; changes: number; subjects: number };
  /** Per poll: time until its last vendor query, and from there to the end (inbox lookup and writes). */
  pollSplit: { vendorMs: Summary; afterMs: Summary };
  resources: ResourceUsage;
}

export async function runE2E(e: Env, mon: ResourceMonitor, label: string, mode: string, ids: string[], expectedTotal: number, send: (traces: Trace[]) => Promise<void>): Promise<E2EResult> {
  const traces: Trace[] = ids.map((interviewId) => ({ interviewId, sentAt: 0 }));
  const seq = lastSeq(e.records);
  const known = new Set((await listCancellations(e.api, expectedTotal)).map((i) => i.id));
  const res0 = mon.sample();
  const from = Date.now();
  await send(traces);
  const items = await waitAllFinal(e, expectedTotal, params.phaseTimeoutSeconds * 1000, label);
  const resources = mon.since(res0);
  const to = Date.now();
  await collect(e, traces, items.filter((i) => !known.has(i.id)).map((i) => i.id));

  const done = traces.filter((t) => t.finalAt !== undefined);
  const firstSent = Math.min(...traces.map((t) => t.sentAt));
  const lastFinal = Math.max(...done.map((t) => t.finalAt as number));
  const deliveriesPerCancellation: Record<string, number> = {};
  const targets: Record<string, number> = {};
  for (const t of done) {
    deliveriesPerCancellation[String(t.deliveries)] = (deliveriesPerCancellation[String(t.deliveries)] ?? 0) + 1;
    for (const x of t.deliveryTargets ?? []) targets[x] = (targets[x] ?? 0) + 1;
  }
  const syncQueue = e.queues.get(syncQueueName('webhook'));
  const pollQueue = e.queues.get(POLL_QUEUE);
  const pollJobs = await pollQueue.getJobs(['completed', 'failed'], 0, 5999);
  const polls = { sweep: 0, changes: 0, subjects: 0 };
  // Split each poll into its vendor-call part (until its last DingTalk query) and what follows
  // (checking what it found against the inbox, storing new events); exact only while polls do not overlap.
  const queries = e.records.list({ vendor: 'dingtalk', since: seq }).filter((r) => r.kind === 'query');
  const vendorMs: number[] = [];
  const afterMs: number[] = [];
  for (const j of pollJobs) {
    if (!j?.finishedOn || !j.processedOn || j.finishedOn < from || j.finishedOn > to) continue;
    polls[(j.data as PollJob).scope]++;
    const mine = queries.filter((r) => r.at >= (j.processedOn as number) && r.at <= (j.finishedOn as number));
    if (!mine.length) continue;
    const last = mine[mine.length - 1].at;
    vendorMs.push(last - j.processedOn);
    afterMs.push(j.finishedOn - last);
  }
  return {
    label,
    mode,
    traces,
    stages: stageRows(traces),
    lastReceipt: summarize(done.map((t) => (t.finalAt as number) - t.sentAt)),
    eventsPerSec: done.length / ((lastFinal - firstSent) / 1000),
    spanMs: lastFinal - firstSent,
    complete: done.length,
    inconsistent: traces.filter((t) => t.inconsistent),
    pushFailures: traces.filter((t) => t.pushReplyValid === false).length,
    deliveriesPerCancellation,
    targets,
    sandbox: sandboxCounts(e.records, seq),
    queues: [
      await queueStats(e.queues.get(INGEST_QUEUE), from, to),
      await queueStats(pollQueue, from, to),
      await queueStats(syncQueue, from, to),
    ],
    polls,
    pollSplit: { vendorMs: summarize(vendorMs), afterMs: summarize(afterMs) },
    resources,
  };
}
