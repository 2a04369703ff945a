import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { INGEST_QUEUE, POLL_QUEUE } from '@hub/queue';
import type { Env } from './bench-env';
import { CONNECTION, TENANT, log, params } from './bench-params';
import { JsonClient, sleep } from './http-client';
import { dingtalkPush, type LoadMode, type LoadResult, type LoadSpec } from './load';
import { queueStats, type QueueStats } from './pipeline-stats';
import { queueDepth, waitIdle } from './pipeline-idle';
import type { ResourceMonitor, ResourceSample, ResourceUsage } from './resources';
import { lastSeq, sandboxCounts, type SandboxCounts } from './sandbox-counts';
import { fmt } from './stats';

/** Ingest runs: req/s of signed DingTalk callbacks (new, redelivered) next to GET /health/live, load from a worker thread. */

/** Requests presigned per second of a run: above what any run here reached; more are built on the fly. */
const PRESIGNED_PER_SECOND = 4_000;

/** Runs the load in a worker thread; `onReady` runs once its presigned requests are built, before its clock starts. */
function runWorker(spec: LoadSpec, onReady: () => Promise<void> = async () => undefined): Promise<LoadResult> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(join(__dirname, 'load.worker.js'), { workerData: spec });
    const guard = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`load worker (${spec.mode}) did not finish within ${spec.durationMs / 1000 + 120} s`));
    }, spec.durationMs + 120_000);
    worker.on('message', (msg: { ready?: true; result?: LoadResult; error?: string }) => {
      if (msg.ready) {
        onReady().then(
          () => worker.postMessage('go'),
          (e: unknown) => worker.postMessage(`go (${String(e)})`),
        );
        return;
      }
      clearTimeout(guard);
      void worker.terminate();
      if (msg.result) resolvePromise(msg.result);
      else reject(new Error(`load worker (${spec.mode}) failed: ${msg.error}`));
    });
    worker.once('error', (err) => {
      clearTimeout(guard);
      reject(err);
    });
  });
}

export interface IngestRun {
  result: LoadResult;
  /** Successful requests of the warm-up (new events: accepted too). */
  warmupOk: number;
  resources: ResourceUsage;
}

/** How fast the worker turned what a new-event run accepted into outcomes. */
export interface Drain {
  /** Accepted events (warm-up included). */
  accepted: number;
  /** From the start of the run's warm-up until no ingest job and no pending inbox record was left. */
  seconds: number;
  eventsPerSec: number;
  /** Left when the load stopped, and how long the rest took. */
  leftAtLoadEnd: number;
  afterLoadSeconds: number;
  timedOut: boolean;
  resources: ResourceUsage;
}

export interface NewEventRun {
  run: IngestRun;
  drain: Drain;
  queues: QueueStats[];
  sandbox: SandboxCounts;
}

function baseSpec(e: Env): Omit<LoadSpec, 'mode' | 'durationMs'> {
  return {
    baseUrl: e.hubUrl,
    webhookPath: `/webhooks/${TENANT}/${CONNECTION}`,
    secrets: e.secrets,
    corpId: e.corpId,
    concurrency: params.ingestConcurrency,
    maxRequests: params.maxRequests,
    requestTimeoutMs: 10_000,
    verifyEvery: 50,
    presigned: PRESIGNED_PER_SECOND * params.ingestSeconds,
  };
}

/** One endpoint: warm-up, then the measured run with CPU sampled around it. */
async function measure(e: Env, mon: ResourceMonitor, mode: LoadMode, fixedEventId?: string): Promise<IngestRun> {
  const spec: LoadSpec = { ...baseSpec(e), mode, fixedEventId, durationMs: params.ingestSeconds * 1000 };
  let warmupOk = 0;
  if (params.warmupSeconds > 0) {
    const w = await runWorker({ ...spec, durationMs: params.warmupSeconds * 1000 });
    warmupOk = w.ok;
    log(`${mode}: warm-up ${fmt(w.reqPerSec)} req/s`);
  }
  let r0: ResourceSample | undefined;
  const result = await runWorker(spec, async () => {
    r0 = await mon.sample();
  });
  const resources = await mon.since(r0 as ResourceSample);
  log(`${mode}: ${fmt(result.reqPerSec)} req/s at concurrency ${spec.concurrency}, p50 ${fmt(result.latencyMs.p50, 1)} ms, p99 ${fmt(result.latencyMs.p99, 1)} ms, statuses ${JSON.stringify(result.statuses)}${result.errors ? `, ${result.errors} errors (${result.errorSample})` : ''}`);
  return { result, warmupOk, resources };
}

/** Accepted events not ingested yet: the ingest queue's jobs, and once it is empty the unsettled pending entries (the authority). */
async function ingestBacklog(e: Env): Promise<number> {
  const jobs = await queueDepth(e.view.queue(INGEST_QUEUE));
  return jobs > 0 ? jobs : e.view.unsettledInbox();
}

/** A new-event run, then waits (bounded) until the worker has ingested everything it accepted. */
export async function newEventRun(e: Env, mon: ResourceMonitor, label: string): Promise<NewEventRun> {
  const seq = lastSeq(e.records);
  const from = Date.now();
  const run = await measure(e, mon, 'dingtalk-unique');
  const loadEnd = Date.now();
  const d0 = await mon.sample();
  const leftAtLoadEnd = await ingestBacklog(e);
  const deadline = loadEnd + params.drainTimeoutSeconds * 1000;
  let left = leftAtLoadEnd;
  let lastLog = Date.now();
  while (left > 0 && Date.now() < deadline) {
    await sleep(200);
    left = await ingestBacklog(e);
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log(`${label}: ${left} accepted events still to ingest`);
    }
  }
  const resources = await mon.since(d0);
  const to = Date.now();
  const accepted = run.warmupOk + run.result.ok;
  const seconds = (to - from) / 1000;
  const drain: Drain = { accepted, seconds, eventsPerSec: accepted / seconds, leftAtLoadEnd, afterLoadSeconds: (to - loadEnd) / 1000, timedOut: left > 0, resources };
  log(`${label}: ${accepted} accepted events ${left > 0 ? `NOT all ingested (${left} left)` : 'ingested'} ${fmt(seconds, 1)} s after the run started (${leftAtLoadEnd} were left when the load stopped)`);
  return {
    run,
    drain,
    queues: [await queueStats(e.view.queue(INGEST_QUEUE), from, to), await queueStats(e.view.queue(POLL_QUEUE), from, to)],
    sandbox: sandboxCounts(e.records, seq),
  };
}

export interface IngestResult {
  /** 3 s without any load, right before the ingest runs. */
  idle: ResourceUsage;
  health: IngestRun;
  redelivery: IngestRun;
  fresh: NewEventRun;
}

/** GET /health/live, the redelivery of one accepted event, then new events (on the database as the end-to-end phases left it). */
export async function ingestRuns(e: Env, mon: ResourceMonitor): Promise<IngestResult> {
  // Background activity with no load at all (schedules, leftover work): the floor of the runs below.
  const idle0 = await mon.sample();
  await sleep(3000);
  const idle = await mon.since(idle0);

  // One accepted event whose id every request of the redelivery run repeats.
  const fixedEventId = `bench-dup-${randomBytes(6).toString('hex')}`;
  const first = dingtalkPush(baseSpec(e), fixedEventId);
  const plain = new JsonClient(e.hubUrl);
  const seedRes = await plain.call('POST', first.path, JSON.parse(first.body.toString('utf8')) as unknown);
  plain.close();
  if (seedRes.status !== 200) throw new Error(`seeding the redelivered event failed: HTTP ${seedRes.status} ${seedRes.text}`);
  await sleep(1500);
  await waitIdle(e.view, 'ingest: after seeding the redelivered event', true);

  const health = await measure(e, mon, 'health');
  const redelivery = await measure(e, mon, 'dingtalk-duplicate', fixedEventId);
  const fresh = await newEventRun(e, mon, 'ingest, new events');
  return { idle, health, redelivery, fresh };
}
