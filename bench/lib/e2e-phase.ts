import { INGEST_QUEUE, POLL_QUEUE, syncQueueName } from '@hub/queue';
import type { Env } from './bench-env';
import { CONNECTION, log, params } from './bench-params';
import { mapLimit, sleep } from './http-client';
import { deliveryFinalAt, pollStats, queueStats, stageRows, type CancellationDetail, type PollStats, type QueueStats, type StageRow, type Trace } from './pipeline-stats';
import type { ResourceMonitor, ResourceUsage } from './resources';
import { BEISEN_VENDOR, DINGTALK_VENDOR, K3_VENDOR, lastSeq, sandboxCounts, YONBIP_VENDOR, type SandboxCounts } from './sandbox-counts';
import { summarize, type Summary } from './stats';

/** End-to-end phases: sandbox cancellations traced until every delivery of every cancellation is final. */

/** A vendor's call to the hub as the sandbox reports it. */
export interface PushAnswer {
  replyValid: boolean;
  durationMs: number;
  httpStatus?: number;
  reason?: string;
}

/**
 * Where a phase's cancellations start: the connection whose interview ids key the traces (the hub's
 * `event.interview.externalIds[connection]`), and how the sandbox cancels one there.
 */
export interface Origin {
  connection: string;
  /** The vendor's name in the report. */
  vendor: string;
  /** Sandbox records of the vendor (RecordStore `vendor`): its polls' queries. */
  recordVendor: string;
  /** The first stage of the trace: the control call returned, the hub having answered the vendor's call(s). */
  ackStage: string;
  /** Cancels `trace.interviewId` in the vendor; sets sentAt (the moment the vendor cancels), ackAt and the push fields. */
  cancel(e: Env, trace: Trace): Promise<void>;
}

/** Stores the ack of the control call: `pushes` are the vendor's calls to the hub it made; all must be answered correctly. */
export function recordPushes(trace: Trace, pushes: PushAnswer[]): void {
  trace.ackAt = Date.now();
  trace.pushReplyValid = pushes.length > 0 && pushes.every((p) => p.replyValid);
  trace.pushDurationMs = pushes.reduce((m, p) => Math.max(m, p.durationMs), 0);
  if (!trace.pushReplyValid) log(`push for ${trace.interviewId} was not accepted: ${JSON.stringify(pushes)}`);
}

/** DingTalk: the sandbox's cancel call flips `cancelled`, bumps the flow and pushes `ats_job_deliver_change`. */
export const DINGTALK: Origin = {
  connection: CONNECTION,
  vendor: 'DingTalk',
  recordVendor: DINGTALK_VENDOR,
  ackStage: 'push answered by hub (sandbox call returns)',
  async cancel(e, trace) {
    trace.sentAt = Date.now();
    const answer = await e.sb.ok<{ pushes: PushAnswer[] }>('POST', `/_sandbox/dingtalk/interviews/${trace.interviewId}/cancel`, { reason: '候选人已接受其他offer' });
    recordPushes(trace, answer.pushes);
  },
};

/** Ids of the cancellations the hub holds now (read through the bench's own MongoDB connection). */
async function cancellationIds(e: Env): Promise<Set<string>> {
  const rows = await e.view.collection('cancellations').find({}, { projection: { _id: 1 } }).toArray();
  return new Set(rows.map((r) => String(r._id)));
}

interface CancellationRow {
  _id: string;
  event: string;
  syncStatus: CancellationDetail['status'];
  createdAt: Date;
}

interface DeliveryRow {
  _id: string;
  cancellationId: string;
  target: { kind: string; id: string; connector: string };
  effect: string;
  status: string;
  attempts: number;
  receipt?: { at?: Date };
  uncertain?: { since?: Date };
  history?: Array<{ at: Date; outcome: string }>;
}

const iso = (d: Date | undefined): string | undefined => (d ? new Date(d).toISOString() : undefined);

/**
 * The cancellations the hub recorded beyond `known`, with their deliveries, as GET /v1/cancellations/{id}
 * shows them; read in two queries through the bench's own MongoDB connection (one API call per
 * cancellation costs minutes on FerretDB/SQLite, which scans a collection for every non-_id filter).
 */
async function readCancellations(e: Env, known: Set<string>): Promise<CancellationDetail[]> {
  const rows = (await e.view.collection('cancellations').find({}, { projection: { _id: 1, event: 1, syncStatus: 1, createdAt: 1 } }).toArray()) as unknown as CancellationRow[];
  const fresh = rows.filter((r) => !known.has(String(r._id)));
  const ids = fresh.map((r) => String(r._id));
  const deliveries = (await e.view.collection('deliveries').find({ cancellationId: { $in: ids } }, { projection: { params: 0 } }).toArray()) as unknown as DeliveryRow[];
  const byCancellation = new Map<string, DeliveryRow[]>();
  for (const d of deliveries) byCancellation.set(d.cancellationId, [...(byCancellation.get(d.cancellationId) ?? []), d]);
  return fresh.map((r) => ({
    id: String(r._id),
    status: r.syncStatus,
    createdAt: iso(r.createdAt) as string,
    event: JSON.parse(r.event) as CancellationDetail['event'],
    deliveries: (byCancellation.get(String(r._id)) ?? []).map((d) => ({
      id: d._id,
      target: d.target,
      effect: d.effect,
      status: d.status,
      attempts: d.attempts,
      receipt: d.receipt ? { at: iso(d.receipt.at) } : null,
      uncertain: d.uncertain ? { since: iso(d.uncertain.since) } : null,
      history: (d.history ?? []).map((h) => ({ at: iso(h.at) as string, outcome: h.outcome })),
    })),
  }));
}

/**
 * Waits until the hub holds `expected` cancellations and none is still syncing. The subscriber's arrivals
 * say when that can be (no database read while they are short); MongoDB is asked then (every 250 ms), and every 2 s
 * regardless (a delivery that dies never arrives), through the bench's own connection: the hub's API is
 * not loaded by the wait.
 */
export async function waitAllFinal(e: Env, expected: number, timeoutMs: number, label: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const cancellations = e.view.collection('cancellations');
  let lastLog = Date.now();
  let lastDbCheck = 0;
  for (;;) {
    if ((e.receiver.arrivals.size >= expected && Date.now() - lastDbCheck > 250) || Date.now() - lastDbCheck > 2000) {
      lastDbCheck = Date.now();
      const total = await cancellations.countDocuments({});
      const syncing = await cancellations.countDocuments({ syncStatus: 'syncing' });
      if (total >= expected && syncing === 0) return;
      if (Date.now() > deadline) throw new Error(`${label}: after ${timeoutMs / 1000} s the hub holds ${total}/${expected} cancellations, ${syncing} still syncing (subscriber got ${e.receiver.arrivals.size})`);
      if (Date.now() - lastLog > 5000) {
        lastLog = Date.now();
        log(`${label}: ${total}/${expected} cancellations recorded, ${syncing} syncing, subscriber has ${e.receiver.arrivals.size}`);
      }
    }
    await sleep(100);
  }
}

/** Completes the traces (keyed by the interview id of the origin `connection`) from what the hub recorded. */
function collect(e: Env, connection: string, traces: Trace[], details: CancellationDetail[]): void {
  const byInterview = new Map(traces.map((t) => [t.interviewId, t]));
  const arrivals = e.receiver.byInterview(connection);
  for (const d of details) {
    const interviewId = d.event.interview.externalIds[connection];
    const t = interviewId ? byInterview.get(interviewId) : undefined;
    if (!t) continue;
    const created = Date.parse(d.createdAt);
    const finals = d.deliveries.map((x) => deliveryFinalAt(x, created));
    t.cancellationId = d.id;
    t.detectedAt = Date.parse(d.event.source.receivedAt);
    t.recordedAt = created;
    t.deliveries = d.deliveries.length;
    t.deliveryTargets = d.deliveries.map((x) => `${x.target.kind}:${x.target.connector}/${x.effect}=${x.status}`);
    t.finalStatus = d.status;
    t.finalAt = finals.length && finals.every((f) => f !== undefined) ? Math.max(...(finals as number[])) : d.deliveries.length === 0 ? created : undefined;
    // The hub says the cancellation is done, yet a delivery is not final: its records disagree.
    t.inconsistent = d.status !== 'syncing' && t.finalAt === undefined;
    t.subscriberAt = arrivals.get(interviewId)?.at;
    t.subscriberArrivals = arrivals.get(interviewId)?.count;
  }
}

export interface E2EResult {
  label: string;
  mode: string;
  /** The origin connection (absent in results written before the Yonyou burst: DingTalk). */
  origin?: string;
  /** Cancel calls per second actually offered (first to last call). */
  offeredRate?: number;
  traces: Trace[];
  stages: StageRow[];
  lastReceipt: Summary;
  eventsPerSec: number;
  spanMs: number;
  complete: number;
  /** Cancellations reported done while one of their deliveries is not final (lost update). */
  inconsistent: Trace[];
  pushFailures: number;
  deliveriesPerCancellation: Record<string, number>;
  targets: Record<string, number>;
  /** DingTalk sandbox records of the phase, and the YonBIP, K/3 and Beisen simulators'. */
  sandbox: SandboxCounts;
  yonbip?: SandboxCounts;
  k3?: SandboxCounts;
  beisen?: SandboxCounts;
  queues: QueueStats[];
  polls: PollStats;
  resources: ResourceUsage;
}

/** Sync queues whose jobs are listed with a phase: the subscriber's always, a connector's when it had jobs in the phase. */
const SYNC_QUEUES = ['webhook', 'dingtalk', 'yonyou', 'kingdee', 'beisen'];

/** `timeoutMs`: how long the phase may take until every delivery is final (BENCH_PHASE_TIMEOUT_S unless given). */
export async function runE2E(e: Env, mon: ResourceMonitor, origin: Origin, label: string, mode: string, ids: string[], expectedTotal: number, send: (traces: Trace[]) => Promise<number | void>, timeoutMs = params.phaseTimeoutSeconds * 1000): Promise<E2EResult> {
  const traces: Trace[] = ids.map((interviewId) => ({ interviewId, sentAt: 0 }));
  const seq = lastSeq(e.records);
  const known = await cancellationIds(e);
  const res0 = await mon.sample();
  const from = Date.now();
  const offeredRate = await send(traces);
  await waitAllFinal(e, expectedTotal, timeoutMs, label);
  const resources = await mon.since(res0);
  const to = Date.now();
  collect(e, origin.connection, traces, await readCancellations(e, known));

  const done = traces.filter((t) => t.finalAt !== undefined);
  const firstSent = Math.min(...traces.map((t) => t.sentAt));
  const lastFinal = Math.max(...done.map((t) => t.finalAt as number));
  const deliveriesPerCancellation: Record<string, number> = {};
  const targets: Record<string, number> = {};
  for (const t of done) {
    deliveriesPerCancellation[String(t.deliveries)] = (deliveriesPerCancellation[String(t.deliveries)] ?? 0) + 1;
    for (const x of t.deliveryTargets ?? []) targets[x] = (targets[x] ?? 0) + 1;
  }
  const pollQueue = e.view.queue(POLL_QUEUE);
  const sync: QueueStats[] = [];
  for (const id of SYNC_QUEUES) {
    const q = await queueStats(e.view.queue(syncQueueName(id)), from, to);
    if (id === 'webhook' || q.jobs > 0) sync.push(q);
  }
  return {
    label,
    mode,
    origin: origin.connection,
    offeredRate: typeof offeredRate === 'number' ? offeredRate : undefined,
    traces,
    stages: stageRows(traces, origin.ackStage),
    lastReceipt: summarize(done.map((t) => (t.finalAt as number) - t.sentAt)),
    eventsPerSec: done.length / ((lastFinal - firstSent) / 1000),
    spanMs: lastFinal - firstSent,
    complete: done.length,
    inconsistent: traces.filter((t) => t.inconsistent),
    pushFailures: traces.filter((t) => t.pushReplyValid === false).length,
    deliveriesPerCancellation,
    targets,
    sandbox: sandboxCounts(e.records, seq, DINGTALK_VENDOR),
    yonbip: sandboxCounts(e.records, seq, YONBIP_VENDOR),
    k3: sandboxCounts(e.records, seq, K3_VENDOR),
    beisen: sandboxCounts(e.records, seq, BEISEN_VENDOR),
    queues: [await queueStats(e.view.queue(INGEST_QUEUE), from, to), await queueStats(pollQueue, from, to), ...sync],
    polls: await pollStats(pollQueue, e.records, seq, from, to, origin.connection, origin.recordVendor),
    resources,
  };
}

/**
 * Starts one cancellation in `origin` every 1/`rate` s (0 = back to back; ≤ cancelConcurrency in flight); returns the
 * rate achieved between the first start and the last `sentAt` (the moment the vendor cancels).
 */
export async function sendAtRate(e: Env, origin: Origin, traces: Trace[], rate: number, label: string): Promise<number> {
  const t0 = Date.now();
  let last = t0;
  await mapLimit(traces, params.cancelConcurrency, async (t, i) => {
    if (rate) {
      const due = t0 + (i * 1000) / rate;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    await origin.cancel(e, t);
    last = Math.max(last, t.sentAt);
  });
  const achieved = traces.length > 1 ? (traces.length - 1) / ((last - t0) / 1000) : NaN;
  log(`${label}: ${traces.length} ${origin.vendor} cancellations done in ${((Date.now() - t0) / 1000).toFixed(2)} s (${achieved.toFixed(1)}/s offered)`);
  return achieved;
}
