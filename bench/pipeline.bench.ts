import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { parseDocument } from 'yaml';
import type { Queue } from 'bull';
import { INGEST_QUEUE, POLL_QUEUE, syncQueueName, type PollJob } from '@hub/queue';
import Redis from 'ioredis';
import { Repositories } from '@hub/persistence';
import { PipelineQueues } from '../apps/hub/src/core/pipeline-queues';
import { jobLockMs } from '../apps/hub/src/core/runtime-options';
import { startHub, type RunningHub } from '../apps/hub/src/hub.bootstrap';
import { RecordStore } from '../apps/vendor-sandbox/src/common/record-store.service';
import { createSandboxApp, type SandboxApp } from '../apps/vendor-sandbox/src/sandbox.app';
import { loadSeedFile } from '../apps/vendor-sandbox/src/sandbox-options';
import { JsonClient, mapLimit, sleep } from './lib/http-client';
import { dingtalkPush, type LoadMode, type LoadResult, type LoadSpec } from './lib/load';
import { machineInfo, type MachineInfo } from './lib/machine';
import { deliveryFinalAt, queueStats, stageRows, type CancellationDetail, type QueueStats, type StageRow, type Trace } from './lib/pipeline-stats';
import { WebhookReceiver } from './lib/receiver';
import { ResourceMonitor, type ResourceUsage } from './lib/resources';
import { fmt, summarize, type Summary } from './lib/stats';
import { renderReport, updatePerformanceDoc } from './lib/report';

/**
 * Baseline benchmark of the hub's pipeline (`npm run bench`, see docs/PERFORMANCE.md):
 *  1. vendor sandbox + hub (HUB_ROLE=all) + a signed-webhook subscriber, all in this process;
 *  2. end-to-end: N sandbox cancellations (each pushes DingTalk's encrypted change event) until every
 *     delivery of every resulting cancellation is final; a burst, then isolated ones (one at a time);
 *  3. ingest: req/s of signed DingTalk callbacks (new and duplicate events) next to GET /health/live,
 *     load generated from a worker thread;
 *  4. results to stdout (or BENCH_SUMMARY_FILE) and into docs/PERFORMANCE.md.
 * Needs MONGO_URL and REDIS_URL (scripts/bench.sh starts its own FerretDB and Redis).
 */

const ROOT = resolve(__dirname, '..', '..');
const TENANT = 'demo';
const CONNECTION = 'dingtalk-main';
const API_KEY = 'demo-api-key-0000000001';
const DEMO_INTERVIEWS = ['iv-demo-1001', 'iv-demo-1002', 'iv-demo-1003', 'iv-demo-1004'];
const QUEUE_PREFIX = 'bench';

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

const params = {
  n: intEnv('BENCH_N', 200, 1, 5000),
  cancelConcurrency: intEnv('BENCH_CANCEL_CONCURRENCY', 16, 1, 256),
  /** Cancel calls per second in the burst; 0 = as fast as BENCH_CANCEL_CONCURRENCY allows. */
  cancelRate: intEnv('BENCH_CANCEL_RATE', 0, 0, 10_000),
  /** Cancellations measured one at a time, each after the pipeline went quiet. */
  isolatedN: intEnv('BENCH_ISOLATED_N', 5, 0, 1000),
  ingestConcurrency: intEnv('BENCH_CONCURRENCY', 32, 1, 1024),
  ingestSeconds: intEnv('BENCH_DURATION_S', 10, 1, 600),
  warmupSeconds: intEnv('BENCH_WARMUP_S', 2, 0, 60),
  maxRequests: intEnv('BENCH_MAX_REQUESTS', 2_000_000, 1, 100_000_000),
  phaseTimeoutSeconds: intEnv('BENCH_PHASE_TIMEOUT_S', 300, 10, 3600),
  drainTimeoutSeconds: intEnv('BENCH_DRAIN_TIMEOUT_S', 180, 0, 3600),
  /** Before each isolated cancellation and the ingest runs: how long to wait for earlier backlog. */
  settleTimeoutSeconds: intEnv('BENCH_SETTLE_TIMEOUT_S', 600, 0, 3600),
  totalTimeoutSeconds: intEnv('BENCH_TIMEOUT_S', 1800, 60, 7200),
};

const log = (msg: string): void => {
  process.stderr.write(`[bench] ${new Date().toISOString().slice(11, 23)} ${msg}\n`);
};

// ------------------------------------------------------------------------------------------ setup

interface SandboxAppView {
  corpId: string;
  appKey: string;
  appSecret: string;
  agentId: string;
  callback?: { url: string; token: string; aesKey: string; ownerKey: string };
}

interface CancelAnswer {
  pushes: Array<{ replyValid: boolean; durationMs: number; httpStatus?: number; reason?: string }>;
}

/** A copy of config/ whose demo tenant tracks the bench's candidates (the poll's subject list). */
function writeConfig(trackedCandidateIds: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'hrhub-bench-config-'));
  cpSync(join(ROOT, 'config'), dir, { recursive: true });
  const file = join(dir, 'tenants', `${TENANT}.yaml`);
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const tenant = doc.toJS() as { connections: Array<{ id: string; settings?: { trackedCandidateIds?: string[] } }> };
  const index = tenant.connections.findIndex((c) => c.id === CONNECTION);
  if (index < 0) throw new Error(`config/tenants/${TENANT}.yaml has no connection ${CONNECTION}`);
  const existing = tenant.connections[index].settings?.trackedCandidateIds ?? [];
  doc.setIn(['connections', index, 'settings', 'trackedCandidateIds'], [...existing, ...trackedCandidateIds]);
  writeFileSync(file, doc.toString());
  return dir;
}

interface Env {
  sandbox: SandboxApp;
  hub: RunningHub;
  receiver: WebhookReceiver;
  sb: JsonClient;
  api: JsonClient;
  secrets: { token: string; aesKey: string; ownerKey: string };
  corpId: string;
  configDir: string;
  queues: PipelineQueues;
  records: RecordStore;
  repos: Repositories;
  trackedCount: number;
}

async function setUp(runTag: string, burstIds: string[], isolatedIds: string[]): Promise<Env> {
  const mongoUrl = process.env.MONGO_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!mongoUrl || !redisUrl) throw new Error('MONGO_URL and REDIS_URL must be set (npm run bench starts FerretDB and Redis and sets them)');

  const seed = loadSeedFile(join(ROOT, 'apps/vendor-sandbox/seed/demo.seed.json'));
  const sandbox = await createSandboxApp({ port: 0, seed });
  const sb = new JsonClient(sandbox.url, {}, 32);
  log(`sandbox listening on ${sandbox.url}`);

  // The interviews to cancel: one candidate each, 2–9 days ahead (inside the poll horizon).
  const start = Date.now() + 2 * 86_400_000;
  const all = [...burstIds, ...isolatedIds];
  await mapLimit(all, 16, async (interviewId, i) => {
    await sb.ok('POST', '/_sandbox/dingtalk/interviews', {
      interviewId,
      candidateId: candidateOf(interviewId),
      name: `压测候选人${String(i + 1).padStart(4, '0')}`,
      phone: `155${runTag.slice(-4).replace(/\D/g, '0').padStart(4, '0')}${String(i).padStart(4, '0')}`,
      jobId: i % 2 ? 'job-frontend' : 'job-sales-mgr',
      startTimeMillis: start + (i % 10_080) * 60_000,
      durationMinutes: 30,
      interviewers: ['mgr-liuyang', 'hr-chenjing'],
      creatorUserId: 'hr-chenjing',
    });
  });
  log(`created ${all.length} interviews (+${DEMO_INTERVIEWS.length} from the demo seed) in the sandbox`);

  const configDir = writeConfig(all.map(candidateOf));
  const env: NodeJS.ProcessEnv = { ...process.env, SANDBOX_URL: sandbox.url, HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  await wipe(mongoUrl, redisUrl);
  const hub = await startHub({ role: 'all', mongoUrl, redisUrl, env, queuePrefix: QUEUE_PREFIX, schedules: true, configDir, jobLockMs: jobLockMs(env) }, { port: 0, host: '127.0.0.1' });
  if (!hub.url) throw new Error('startHub returned no URL');
  log(`hub listening on ${hub.url} (role all, config ${configDir})`);

  // Point the sandbox app's HTTP push at the real hub URL and check the handshake.
  const state = await sb.ok<{ apps: SandboxAppView[] }>('GET', '/_sandbox/dingtalk/state');
  const app = state.apps.find((a) => a.callback);
  if (!app?.callback) throw new Error('the demo seed has no app with a callback');
  const callbackUrl = `${hub.url}/webhooks/${TENANT}/${CONNECTION}`;
  await sb.ok('POST', '/_sandbox/dingtalk/apps', { ...app, callback: { ...app.callback, url: callbackUrl } });
  const check = await sb.ok<{ pushes: Array<{ replyValid: boolean; reason?: string }> }>('POST', '/_sandbox/dingtalk/check-url', { appKey: app.appKey });
  if (!check.pushes.every((p) => p.replyValid)) throw new Error(`check_url handshake with the hub failed: ${JSON.stringify(check.pushes)}`);
  log(`sandbox app ${app.appKey} now pushes to ${callbackUrl} (check_url answered correctly)`);

  const receiver = new WebhookReceiver();
  const receiverUrl = await receiver.start();
  const api = new JsonClient(hub.url, { authorization: `Bearer ${API_KEY}` }, 8);
  const sub = await api.ok<{ id: string; secret: string }>('POST', '/v1/subscriptions', { url: receiverUrl, description: `bench ${runTag}` });
  receiver.setSecret(sub.secret);
  log(`subscriber ${sub.id} at ${receiverUrl}`);

  const tracked = 3 + all.length;
  return {
    sandbox,
    hub,
    receiver,
    sb,
    api,
    secrets: { token: app.callback.token, aesKey: app.callback.aesKey, ownerKey: app.callback.ownerKey },
    corpId: app.corpId,
    configDir,
    queues: hub.app.get(PipelineQueues),
    records: sandbox.app.get(RecordStore),
    repos: hub.app.get(Repositories),
    trackedCount: tracked,
  };
}

/**
 * Starts from empty state even when the services were reused: drops the bench database (the one in
 * MONGO_URL, which scripts/bench.sh gives the bench profile alone) and the `bench:` Redis keys.
 */
async function wipe(mongoUrl: string, redisUrl: string): Promise<void> {
  const dbName = /^mongodb(?:\+srv)?:\/\/[^/?]+\/([^?]*)/.exec(mongoUrl)?.[1] ?? '';
  if (!dbName.includes('bench')) throw new Error(`refusing to wipe database "${dbName}" of MONGO_URL: the bench only drops a database whose name contains "bench" (scripts/bench.sh uses hrhub_bench)`);
  const repos = await Repositories.connect(mongoUrl);
  await repos.db.dropDatabase();
  await repos.close();
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let cursor = '0';
  let removed = 0;
  for (let i = 0; i < 100_000; i++) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${QUEUE_PREFIX}:*`, 'COUNT', 1000);
    if (keys.length) removed += await redis.del(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
  redis.disconnect();
  log(`wiped the bench database and ${removed} Redis keys under ${QUEUE_PREFIX}:`);
}

const COLLECTIONS = ['inbox', 'cancellations', 'deliveries', 'candidates', 'archive', 'audit'];

/** Documents per collection: FerretDB's SQLite backend scans whole collections for most filters. */
async function dataSizes(e: Env): Promise<Record<string, number>> {
  const db = e.repos.db.db;
  const out: Record<string, number> = {};
  for (const name of COLLECTIONS) out[name] = db ? await db.collection(name).countDocuments({}) : NaN;
  out['inbox still accepted'] = db ? await db.collection('inbox').countDocuments({ status: 'accepted' }) : NaN;
  out['deliveries not final'] = db ? await db.collection('deliveries').countDocuments({ status: { $in: ['pending', 'queued', 'retrying'] } }) : NaN;
  return out;
}

function candidateOf(interviewId: string): string {
  return interviewId.replace(/^iv-/, 'cand-');
}

// ----------------------------------------------------------------------------- end-to-end phases

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
async function waitAllFinal(e: Env, expected: number, timeoutMs: number, label: string): Promise<ListPage['items']> {
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

async function cancel(e: Env, interviewId: string, trace: Trace): Promise<void> {
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

interface SandboxCounts {
  byApi: Record<string, number>;
  outcomes: Record<string, number>;
}

function sandboxCounts(records: RecordStore, sinceSeq: number): SandboxCounts {
  const byApi: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  for (const r of records.list({ vendor: 'dingtalk', since: sinceSeq })) {
    const key = r.kind === 'push' ? `push ${r.api}` : r.api ?? `${r.method} ${r.path}`;
    byApi[key] = (byApi[key] ?? 0) + 1;
    outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  }
  return { byApi, outcomes };
}

function lastSeq(records: RecordStore): number {
  const all = records.list();
  return all.length ? all[all.length - 1].seq : 0;
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
  polls: { schedule: number; hint: number };
  /** Per poll: time until its last vendor query, and from there to the end (inbox lookup and writes). */
  pollSplit: { vendorMs: Summary; afterMs: Summary };
  resources: ResourceUsage;
}

async function runE2E(e: Env, mon: ResourceMonitor, label: string, mode: string, ids: string[], expectedTotal: number, send: (traces: Trace[]) => Promise<void>): Promise<E2EResult> {
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
  const polls = { schedule: 0, hint: 0 };
  // Split each poll into its vendor-call part (until its last DingTalk query) and what follows
  // (checking what it found against the inbox, storing new events); exact only while polls do not overlap.
  const queries = e.records.list({ vendor: 'dingtalk', since: seq }).filter((r) => r.kind === 'query');
  const vendorMs: number[] = [];
  const afterMs: number[] = [];
  for (const j of pollJobs) {
    if (!j?.finishedOn || !j.processedOn || j.finishedOn < from || j.finishedOn > to) continue;
    polls[(j.data as PollJob).reason]++;
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

// -------------------------------------------------------------------------------- ingest phase

function runWorker(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(join(__dirname, 'lib', 'load.worker.js'), { workerData: spec });
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

async function ingestPhase(e: Env, mon: ResourceMonitor): Promise<IngestResult> {
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

async function queueDepth(q: Queue): Promise<number> {
  const c = await q.getJobCounts();
  return c.waiting + c.active;
}

async function waitQueueIdle(q: Queue, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await queueDepth(q)) > 0 && Date.now() < deadline) await sleep(200);
}

/** Jobs that are still to run in the pipeline queues (repeatable schedule jobs excluded). */
async function pipelineBacklog(e: Env): Promise<number> {
  let busy = 0;
  for (const q of e.queues.all()) {
    if (q.name === 'maintenance') continue;
    const c = await q.getJobCounts();
    const delayed = c.delayed ? (await q.getDelayed(0, 5000)).filter((j) => j && !j.opts.repeat).length : 0;
    busy += c.waiting + c.active + delayed;
  }
  return busy;
}

/** Waits (bounded) until no ingest, poll or sync job is left, so the next phase starts from a quiet hub. */
async function waitIdle(e: Env, label: string, quietLog = false): Promise<{ seconds: number; left: number }> {
  const started = Date.now();
  const deadline = started + params.settleTimeoutSeconds * 1000;
  let quiet = 0;
  let left = await pipelineBacklog(e);
  let lastLog = Date.now();
  while (Date.now() < deadline) {
    quiet = left === 0 ? quiet + 1 : 0;
    if (quiet >= 2) break;
    await sleep(500);
    left = await pipelineBacklog(e);
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log(`${label}: waiting for the pipeline to go quiet, ${left} jobs left`);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  if (!quietLog || left > 0) log(`${label}: pipeline ${left === 0 ? 'quiet' : `still has ${left} jobs (BENCH_SETTLE_TIMEOUT_S reached)`} after ${fmt(seconds, 1)} s`);
  return { seconds, left };
}

// ---------------------------------------------------------------------------------------- main

export interface BenchResults {
  machine: MachineInfo;
  params: typeof params;
  commit?: string;
  trackedCandidates: number;
  burst: E2EResult;
  isolated?: E2EResult;
  ingest: IngestResult;
  resourceNames: string[];
  /** How long the pipeline needed to go quiet after each phase (backlog left when the wait gave up). */
  settles: Array<{ after: string; seconds: number; left: number }>;
  subscriber: { deliveries: number; duplicates: number; rejected: number };
  /** Collection sizes after each phase. */
  sizes: Array<{ after: string; counts: Record<string, number> }>;
}

async function main(): Promise<void> {
  const guard = setTimeout(() => {
    log(`ERROR: the benchmark did not finish within BENCH_TIMEOUT_S=${params.totalTimeoutSeconds} s`);
    process.exit(2);
  }, params.totalTimeoutSeconds * 1000);
  const machine = machineInfo();
  const runTag = Date.now().toString(36);
  const burstIds = Array.from({ length: params.n }, (_, i) => `iv-b${runTag}-${String(i + 1).padStart(4, '0')}`);
  const isolatedIds = Array.from({ length: params.isolatedN }, (_, i) => `iv-i${runTag}-${String(i + 1).padStart(4, '0')}`);
  log(`parameters ${JSON.stringify(params)}`);

  const e = await setUp(runTag, burstIds, isolatedIds);
  const mon = new ResourceMonitor(Number(process.env.BENCH_CLK_TCK) || 100, {
    ferretdb: Number(process.env.BENCH_FERRETDB_PID) || undefined,
    redis: Number(process.env.BENCH_REDIS_PID) || undefined,
  });
  let exitCode = 0;
  try {
    // Warm-up: the demo seed's four interviews go through the whole pipeline (token, JIT, indexes).
    log('warm-up: cancelling the demo seed interviews');
    await Promise.all(DEMO_INTERVIEWS.map((id) => cancel(e, id, { interviewId: id, sentAt: 0 })));
    await waitAllFinal(e, DEMO_INTERVIEWS.length, params.phaseTimeoutSeconds * 1000, 'warm-up');
    const sizes: BenchResults['sizes'] = [{ after: 'warm-up', counts: await dataSizes(e) }];
    let expected = DEMO_INTERVIEWS.length;

    log(`burst: cancelling ${params.n} interviews (${params.cancelRate ? `${params.cancelRate}/s` : 'all at once'}, ≤${params.cancelConcurrency} calls in flight)`);
    expected += params.n;
    const burst = await runE2E(e, mon, 'burst', params.cancelRate ? `${params.cancelRate} cancels/s` : `all at once (≤${params.cancelConcurrency} in flight)`, burstIds, expected, async (traces) => {
      const t0 = Date.now();
      await mapLimit(traces, params.cancelConcurrency, async (t, i) => {
        if (params.cancelRate) {
          const due = t0 + (i * 1000) / params.cancelRate;
          if (due > Date.now()) await sleep(due - Date.now());
        }
        await cancel(e, t.interviewId, t);
      });
      log(`burst: ${traces.length} cancel calls done in ${fmt((Date.now() - t0) / 1000, 2)} s`);
    });
    log(`burst: ${burst.complete}/${params.n} complete, ${fmt(burst.eventsPerSec, 1)} events/s, last receipt p50 ${fmt(burst.lastReceipt.p50)} ms p99 ${fmt(burst.lastReceipt.p99)} ms`);

    const settles: BenchResults['settles'] = [{ after: 'end-to-end burst', ...(await waitIdle(e, 'after burst')) }];
    sizes.push({ after: 'end-to-end burst', counts: await dataSizes(e) });

    let isolated: E2EResult | undefined;
    if (params.isolatedN > 0) {
      log(`isolated: ${params.isolatedN} cancellations, one at a time, each after the pipeline went quiet`);
      const base = expected;
      expected += params.isolatedN;
      isolated = await runE2E(e, mon, 'isolated', 'one at a time on a quiet pipeline', isolatedIds, expected, async (traces) => {
        for (const [i, t] of traces.entries()) {
          await waitIdle(e, `isolated ${i + 1}/${traces.length}`, true);
          await cancel(e, t.interviewId, t);
          await waitAllFinal(e, base + i + 1, params.phaseTimeoutSeconds * 1000, `isolated ${i + 1}/${traces.length}`);
        }
      });
      log(`isolated: last receipt p50 ${fmt(isolated.lastReceipt.p50)} ms p99 ${fmt(isolated.lastReceipt.p99)} ms`);
      settles.push({ after: 'end-to-end isolated', ...(await waitIdle(e, 'after isolated')) });
      sizes.push({ after: 'end-to-end isolated', counts: await dataSizes(e) });
    }

    log(`ingest: ${params.ingestSeconds} s per mode at concurrency ${params.ingestConcurrency} (load from a worker thread)`);
    const ingest = await ingestPhase(e, mon);
    settles.push({ after: 'ingest runs', ...(await waitIdle(e, 'after ingest')) });
    sizes.push({ after: 'ingest runs', counts: await dataSizes(e) });

    const results: BenchResults = {
      machine,
      params,
      commit: process.env.BENCH_GIT_COMMIT || undefined,
      trackedCandidates: e.trackedCount,
      burst,
      isolated,
      ingest,
      resourceNames: mon.names(),
      sizes,
      settles,
      subscriber: {
        deliveries: e.receiver.arrivals.size,
        duplicates: [...e.receiver.arrivals.values()].reduce((n, a) => n + a.count - 1, 0),
        rejected: e.receiver.rejected,
      },
    };
    const { summary, markdown } = renderReport(results);
    if (process.env.BENCH_SUMMARY_FILE) writeFileSync(process.env.BENCH_SUMMARY_FILE, `${summary}\n`);
    else process.stdout.write(`${summary}\n`);
    if (process.env.BENCH_WRITE_DOC !== '0') {
      const docPath = process.env.BENCH_DOC_PATH ? resolve(process.env.BENCH_DOC_PATH) : join(ROOT, 'docs', 'PERFORMANCE.md');
      updatePerformanceDoc(docPath, markdown);
      log(`wrote ${docPath}`);
    }
    if (process.env.BENCH_RESULTS_JSON) {
      writeFileSync(process.env.BENCH_RESULTS_JSON, JSON.stringify(results, null, 2));
    }
  } catch (err) {
    exitCode = 1;
    log(`ERROR: ${(err as Error).stack ?? String(err)}`);
  } finally {
    log('shutting down hub, sandbox and subscriber');
    const closing = Promise.allSettled([e.hub.close(), e.sandbox.close(), e.receiver.close()]);
    await Promise.race([closing, sleep(30_000)]);
    e.sb.close();
    e.api.close();
    if (existsSync(e.configDir)) rmSync(e.configDir, { recursive: true, force: true });
    clearTimeout(guard);
  }
  process.exit(exitCode);
}

main().catch((err: unknown) => {
  log(`ERROR: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});

