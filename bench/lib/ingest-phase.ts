import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { INGEST_QUEUE, POLL_QUEUE } from '@hub/queue';
import type { Env } from './bench-env';
import { CONNECTION, TENANT, log, params } from './bench-params';
import { JsonClient, sleep } from './http-client';
import { dingtalkPush, type LoadMode, type LoadResult, type LoadSpec } from './load';
import { queueStats, type QueueStats } from './pipeline-stats';
import { queueDepth, waitIdle, waitQueueIdle } from './pipeline-idle';
import type { ResourceMonitor, ResourceUsage } from './resources';
import { lastSeq, sandboxCounts, type SandboxCounts } from './sandbox-counts';
import { fmt } from './stats';

/** Ingest phase: req/s of signed DingTalk callbacks (new, duplicate) next to GET /health/live, load from a worker thread. */

function runWorker(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(join(__dirname, 'load.worker.js'), { workerData: spec });
    const guard = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`load worker (${spec.mode}) did not finish within ${spec.durationMs / 1000 + 60} s`));
    }, spec.durationMs + 60_000);
    worker.once('message', (msg: { result?: LoadResult; error?: string }) => {
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
  resources: ResourceUsage;
}

export interface IngestResult {
  /** 3 s without any load, right before the ingest runs. */
  idle: ResourceUsage;
  runs: Record<LoadMode, IngestRun>;
  drain?: { seconds: number; accepted: number; eventsPerSec: number; leftInQueue: number; timedOut: boolean };
  sandbox: SandboxCounts;
  queues: QueueStats[];
}

export async function ingestPhase(e: Env, mon: ResourceMonitor): Promise<IngestResult> {
  const base: Omit<LoadSpec, 'mode' | 'durationMs'> = {
    baseUrl: e.hub.url as string,
    webhookPath: `/webhooks/${TENANT}/${CONNECTION}`,
    secrets: e.secrets,
    corpId: e.corpId,
    concurrency: params.ingestConcurrency,
    maxRequests: params.maxRequests,
    requestTimeoutMs: 10_000,
    verifyEvery: 50,
  };
  // Background activity with no load at all (sweeper, leftover work): the floor of the runs below.
  const idle0 = mon.sample();
  await sleep(3000);
  const idle = mon.since(idle0);

  // One accepted event whose id the duplicate run repeats (its hint poll runs before the first run).
  const fixedEventId = `bench-dup-${randomBytes(6).toString('hex')}`;
  const first = dingtalkPush(base, fixedEventId);
  const plain = new JsonClient(e.hub.url as string);
  const seedRes = await plain.call('POST', first.path, JSON.parse(first.body.toString('utf8')) as unknown);
  plain.close();
  if (seedRes.status !== 200) throw new Error(`seeding the duplicate event failed: HTTP ${seedRes.status} ${seedRes.text}`);
  await sleep(1500);
  await waitIdle(e, 'ingest: after seeding the duplicate event', true);

  const runs = {} as Record<LoadMode, IngestRun>;
  const seq = lastSeq(e.records);
  const ingestQueue = e.queues.get(INGEST_QUEUE);
  let uniqueFrom = 0;
  let uniqueAccepted = 0;
  for (const mode of ['health', 'dingtalk-duplicate', 'dingtalk-unique'] as LoadMode[]) {
    const spec: LoadSpec = { ...base, mode, fixedEventId, durationMs: params.ingestSeconds * 1000 };
    if (params.warmupSeconds > 0) {
      const w = await runWorker({ ...spec, durationMs: params.warmupSeconds * 1000 });
      if (mode === 'dingtalk-unique') uniqueAccepted += w.ok;
      log(`${mode}: warm-up ${fmt(w.reqPerSec)} req/s`);
    }
    if (mode === 'dingtalk-unique') uniqueFrom = Date.now();
    const r0 = mon.sample();
    const result = await runWorker(spec);
    runs[mode] = { result, resources: mon.since(r0) };
    if (mode === 'dingtalk-unique') uniqueAccepted += result.ok;
    log(`${mode}: ${fmt(result.reqPerSec)} req/s at concurrency ${spec.concurrency}, p50 ${fmt(result.latencyMs.p50, 1)} ms, p99 ${fmt(result.latencyMs.p99, 1)} ms, statuses ${JSON.stringify(result.statuses)}${result.errors ? `, ${result.errors} errors (${result.errorSample})` : ''}`);
    if (mode !== 'dingtalk-unique') await waitQueueIdle(ingestQueue, 60_000);
  }

  // How long the worker side needs to ingest what the unique run accepted.
  let drain: IngestResult['drain'];
  if (params.drainTimeoutSeconds > 0) {
    const deadline = Date.now() + params.drainTimeoutSeconds * 1000;
    let left = await queueDepth(ingestQueue);
    let lastLog = Date.now();
    while (left > 0 && Date.now() < deadline) {
      await sleep(250);
      left = await queueDepth(ingestQueue);
      if (Date.now() - lastLog > 5000) {
        lastLog = Date.now();
        log(`draining the ingest queue: ${left} jobs left`);
      }
    }
    const seconds = (Date.now() - uniqueFrom) / 1000;
    drain = { seconds, accepted: uniqueAccepted, eventsPerSec: uniqueAccepted / seconds, leftInQueue: left, timedOut: left > 0 };
    log(`ingest backlog ${left > 0 ? `NOT drained (${left} left)` : 'drained'} ${fmt(seconds, 1)} s after the unique run started`);
  }
  const to = Date.now();
  return {
    idle,
    runs,
    drain,
    sandbox: sandboxCounts(e.records, seq),
    queues: [await queueStats(ingestQueue, uniqueFrom, to), await queueStats(e.queues.get(POLL_QUEUE), uniqueFrom, to)],
  };
}
