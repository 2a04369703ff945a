import 'reflect-metadata';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { POLL_QUEUE } from '@hub/queue';
import { setUp, type Env } from './lib/bench-env';
import { DEMO_INTERVIEWS, log, params } from './lib/bench-params';
import { beisenApiOrigin, beisenSpecs } from './lib/beisen-target';
import { beisenFailures, beisenWrites, duplicates } from './lib/beisen-writes';
import { deliveriesText, throttledText, transferText } from './lib/report-beisen';
import type { BackendResults } from './lib/bench-results';
import { DINGTALK, runE2E, sendAtRate, waitAllFinal, type Origin } from './lib/e2e-phase';
import { sleep } from './lib/http-client';
import { HubProcesses, RUN_DIR } from './lib/hub-processes';
import { seedInbox } from './lib/inbox-seed';
import { ingestRuns, newEventRun } from './lib/ingest-phase';
import { cancelInBatches, KINGDEE, kingdeeIds } from './lib/kingdee-origin';
import { kingdeeWrites } from './lib/kingdee-writes';
import { machineInfo } from './lib/machine';
import { waitIdle } from './lib/pipeline-idle';
import { sweepRuns } from './lib/pipeline-stats';
import { ResourceMonitor, watch, type Watched } from './lib/resources';
import { BEISEN_VENDOR, K3_VENDOR, lastSeq, sandboxCounts, YONBIP_VENDOR } from './lib/sandbox-counts';
import { fmt } from './lib/stats';
import { YONYOU } from './lib/yonyou-origin';

/**
 * One run of the hub's pipeline benchmark against one FerretDB backend (`npm run bench` runs it once per
 * backend, then render.bench.ts writes the side-by-side report; see docs/PERFORMANCE.md):
 *  1. vendor sandbox + signed-webhook subscriber in this process, the hub as separate processes
 *     (BENCH_TOPOLOGY: split = HUB_ROLE=hub + a worker, all = one HUB_ROLE=all process);
 *  2. end-to-end: a burst of DingTalk sandbox cancellations at BENCH_CANCEL_RATE/s, a burst of YonBIP ones (面试取消申请
 *     approved at its last level) at BENCH_YONYOU_RATE/s, BENCH_KINGDEE_N interviews cancelled in the K/3 simulator in
 *     batches of BENCH_KINGDEE_BATCH (one reason and batch id each; its own tenant, see kingdee-origin.ts), then
 *     BENCH_BEISEN_N cancellations posted to the hub's API (POST /v1/cancellations) for interviews in the Beisen
 *     simulator, all at once, with Beisen as their target under the simulator's rate limits (its own tenant, see
 *     beisen-target.ts), then isolated DingTalk ones, each until every delivery of every resulting cancellation is final;
 *  3. ingest: req/s of GET /health/live and of signed DingTalk callbacks (redelivered, new), load from a
 *     worker thread; then BENCH_INBOX_SEED inbox records are stored and the new-event run is repeated;
 *  4. every measurement to BENCH_RESULTS_JSON (default .run/bench/results-<backend>.json).
 * BENCH_ONLY=kingdee runs the Kingdee scenario alone (its warm-up and batches): no DingTalk, YonBIP, isolated or ingest phase;
 * BENCH_ONLY=beisen the Beisen scenario alone (its warm-up and burst). The Beisen burst fails the run (exit 1) when a
 * delivery to Beisen failed by 429 or a Beisen object was written more than once.
 * Needs MONGO_URL and REDIS_URL (scripts/bench.sh starts the services and sets them).
 */

function watchList(hub: HubProcesses): Watched[] {
  const list: Watched[] = [];
  for (const c of hub.children) {
    const name = c.role === 'all' ? 'hub (HUB_ROLE=all)' : c.name;
    list.push(watch.process(name, c.pid, () => hub.elu(c)), watch.mainThread(`${name} main thread`, c.pid), watch.waiting(`${name} main thread waiting for a CPU`, c.pid));
  }
  list.push(watch.process('bench driver', process.pid, async () => performance.eventLoopUtilization()));
  const pid = (name: string) => Number(process.env[name]) || undefined;
  const ferretdb = pid('BENCH_FERRETDB_PID');
  const postgres = pid('BENCH_POSTGRES_PID');
  const redis = pid('BENCH_REDIS_PID');
  if (ferretdb) list.push(watch.process('FerretDB', ferretdb));
  if (postgres) list.push(watch.tree('PostgreSQL (all processes)', postgres));
  if (redis) list.push(watch.process('Redis', redis));
  list.push(watch.machine('machine (all CPUs, /proc/stat)', 'busy'), watch.machine('machine steal', 'steal'));
  return list;
}

/**
 * After the seed, waits (≤ 120 s) until the database processes are idle for a second: the seed stands for a
 * history of days, which PostgreSQL's autovacuum would long have processed, so its catching up on 200k fresh
 * rows is not charged to the run that follows.
 */
async function waitDatabaseQuiet(mon: ResourceMonitor): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 120_000) {
    const s0 = await mon.sample();
    await sleep(1000);
    const u = await mon.since(s0);
    const db = (u.cpuPercent['FerretDB'] ?? 0) + (u.cpuPercent['PostgreSQL (all processes)'] ?? 0);
    if (db < 5) break;
  }
  const seconds = (Date.now() - started) / 1000;
  log(`after the inbox seed: database processes idle after ${fmt(seconds, 1)} s`);
  return seconds;
}

/** YonBIP cancellations before the Yonyou burst, not counted (token, gateway lookup, DingTalk lookups, JIT). */
const YONYOU_WARMUP = 2;
/** K/3 interviews cancelled before the Kingdee batches, not counted (login, poll cursor, K/3 writes, JIT). */
const KINGDEE_WARMUP = 2;
/** Cancellations posted for Beisen before its burst, not counted (token, process check, applicant search, JIT). */
const BEISEN_WARMUP = 2;

async function main(): Promise<number> {
  const guard = setTimeout(() => {
    log(`ERROR: the benchmark did not finish within BENCH_TIMEOUT_S=${params.totalTimeoutSeconds} s`);
    process.exit(2);
  }, params.totalTimeoutSeconds * 1000);
  const out = process.env.BENCH_RESULTS_JSON || join(RUN_DIR, `results-${params.backend}.json`);
  const runTag = Date.now().toString(36);
  const all = params.only === 'all';
  const burstIds = all ? Array.from({ length: params.n }, (_, i) => `iv-b${runTag}-${String(i + 1).padStart(4, '0')}`) : [];
  const isolatedIds = all ? Array.from({ length: params.isolatedN }, (_, i) => `iv-i${runTag}-${String(i + 1).padStart(4, '0')}`) : [];
  // YonBIP interview ids of the Yonyou pairs: the first YONYOU_WARMUP warm the YonBIP path up, the rest are the burst.
  const yonyouIds = all && params.yonyouN ? Array.from({ length: YONYOU_WARMUP + params.yonyouN }, (_, i) => `bip-iv-y${runTag}-${String(i + 1).padStart(4, '0')}`) : [];
  // K/3 interviews: the first KINGDEE_WARMUP warm the Kingdee path up, the rest are cancelled in batches.
  const k3Ids = (all || params.only === 'kingdee') && params.kingdeeN ? kingdeeIds(runTag, KINGDEE_WARMUP + params.kingdeeN) : [];
  // Beisen applicants: the first BEISEN_WARMUP warm the Beisen path up, the rest are the burst.
  const beisen = (all || params.only === 'beisen') && params.beisenN ? beisenSpecs(runTag, BEISEN_WARMUP + params.beisenN) : [];
  log(`parameters ${JSON.stringify(params)}`);

  const hub = new HubProcesses();
  process.once('exit', () => hub.killNow());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`received ${signal}: stopping the hub processes and exiting`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
  const r: BackendResults = { machine: machineInfo(), params, commit: process.env.BENCH_GIT_COMMIT || undefined, settles: [], sizes: [], timeline: [] };
  const started = Date.now();
  let e: Env | undefined;
  let exitCode = 0;
  try {
    e = await setUp(runTag, [...burstIds, ...isolatedIds], yonyouIds, k3Ids, beisen, hub);
    const env = e;
    const mon = new ResourceMonitor(watchList(hub), () => env.view.commandCounts());
    r.resourceNames = mon.names();
    r.loopNames = mon.loopNames();
    const settle = async (after: string, sizes = true) => {
      const from = Date.now();
      r.settles.push({ after, ...(await waitIdle(env.view, `after ${after}`)) });
      r.timeline.push({ phase: `waiting for a quiet pipeline after ${after}`, from, to: Date.now() });
      if (sizes) r.sizes.push({ after, counts: await env.view.sizes() });
    };
    const phase = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
      const from = Date.now();
      try {
        return await run();
      } finally {
        r.timeline.push({ phase: name, from, to: Date.now() });
      }
    };
    let expected = 0;
    /** Cancels `ids` in `origin` all at once, uncounted, and waits until they are final and the pipeline is quiet. */
    const warmUp = async (label: string, origin: Origin, ids: string[]) => {
      log(`${label}: cancelling ${ids.length} interviews in ${origin.vendor}`);
      await Promise.all(ids.map((id) => origin.cancel(env, { interviewId: id, sentAt: 0 })));
      expected += ids.length;
      await waitAllFinal(env, expected, params.phaseTimeoutSeconds * 1000, label);
      await settle(label);
    };
    /** A burst of `ids` cancelled in `origin` at `rate`/s, traced as phase `name`. */
    const burst = async (name: string, label: string, origin: Origin, ids: string[], rate: number) => {
      log(`${label}: cancelling ${ids.length} interviews in ${origin.vendor} (${rate ? `${rate}/s` : 'all at once'}, ≤${params.cancelConcurrency} in flight)`);
      expected += ids.length;
      const mode = rate ? `offered at ${rate} cancels/s` : `all at once (≤${params.cancelConcurrency} in flight)`;
      const res = await phase(name, () => runE2E(env, mon, origin, label, mode, ids, expected, (traces) => sendAtRate(env, origin, traces, rate, label)));
      log(`${label}: ${res.complete}/${ids.length} complete, ${fmt(res.eventsPerSec, 1)} events/s, last receipt p50 ${fmt(res.lastReceipt.p50)} ms p99 ${fmt(res.lastReceipt.p99)} ms, ${res.pushFailures} pushes not accepted`);
      await settle(name);
      return res;
    };

    if (all) {
      // Warm-up: the demo seed's four interviews go through the whole pipeline (token, JIT, indexes).
      await warmUp('warm-up', DINGTALK, DEMO_INTERVIEWS);
      r.burst = await burst('end-to-end burst', 'burst', DINGTALK, burstIds, params.cancelRate);
    }

    if (yonyouIds.length) {
      await warmUp('Yonyou warm-up', YONYOU, yonyouIds.slice(0, YONYOU_WARMUP));
      r.yonyouBurst = await burst('end-to-end Yonyou burst', 'Yonyou burst', YONYOU, yonyouIds.slice(YONYOU_WARMUP), params.yonyouRate);
    }

    if (k3Ids.length) {
      await warmUp('Kingdee warm-up', KINGDEE, k3Ids.slice(0, KINGDEE_WARMUP));
      const ids = k3Ids.slice(KINGDEE_WARMUP);
      const batches = Math.ceil(ids.length / params.kingdeeBatch);
      const pace = params.kingdeeRate ? `${params.kingdeeRate} batches/s` : `all at once (≤${params.cancelConcurrency} inserts in flight)`;
      const mode = `${batches} batches of ≤${params.kingdeeBatch} interviews (one reason and batch id each) inserted ${pace}, kingdee-main polled every ${params.kingdeePollSeconds} s`;
      log(`Kingdee batches: cancelling ${ids.length} interviews in K/3 Cloud, ${mode}`);
      const seq = lastSeq(env.records);
      expected += ids.length;
      const res = await phase('end-to-end Kingdee batches', () =>
        runE2E(env, mon, KINGDEE, 'Kingdee batches', mode, ids, expected, (traces) => cancelInBatches(env, traces, runTag, 'Kingdee batches'), params.kingdeeTimeoutSeconds * 1000),
      );
      r.kingdeeBurst = res;
      const w = (r.kingdeeWrites = kingdeeWrites(env, seq, ids));
      const saves = Object.entries(w.saves).map(([form, s]) => `${form} Save ${s.save} BatchSave ${s.batchSave} (${s.rows} rows, ≤${s.maxRows} per call)`).join('; ');
      const rows = Object.entries(w.rowsPerInterview).map(([form, x]) => `${form} ${x.rows} rows (${x.none} interviews without, ${x.duplicated} with more than one)`).join('; ');
      log(`Kingdee batches: ${res.complete}/${ids.length} complete, ${fmt(res.eventsPerSec, 1)} events/s, last receipt p50 ${fmt(res.lastReceipt.p50)} ms p99 ${fmt(res.lastReceipt.p99)} ms; K/3 logins ${w.logins}; ${saves || 'no saves'}; ${rows}`);
      await settle('end-to-end Kingdee batches');
    }

    if (beisen.length) {
      const origin = beisenApiOrigin(env.hubUrl, beisen);
      try {
        await warmUp('Beisen warm-up', origin, beisen.slice(0, BEISEN_WARMUP).map((s) => s.interviewId));
        const specs = beisen.slice(BEISEN_WARMUP);
        const ids = specs.map((s) => s.interviewId);
        const mode = `posted to POST /v1/cancellations all at once (≤${params.cancelConcurrency} in flight), Beisen as target under the simulator's limits`;
        log(`Beisen burst: posting ${ids.length} cancellations of Beisen interviews to the hub's API (all at once, ≤${params.cancelConcurrency} in flight)`);
        const seq = lastSeq(env.records);
        expected += ids.length;
        const res = await phase('end-to-end Beisen burst', () => runE2E(env, mon, origin, 'Beisen burst', mode, ids, expected, (traces) => sendAtRate(env, origin, traces, 0, 'Beisen burst'), params.beisenTimeoutSeconds * 1000));
        r.beisenBurst = res;
        const w = (r.beisenWrites = await beisenWrites(env, seq, specs, res.traces));
        log(`Beisen burst: ${res.complete}/${ids.length} complete, first post → all receipts ${fmt(res.spanMs / 1000, 1)} s (beisen-main alone ${fmt(w.deliveries.allReceiptsMs / 1000, 1)} s); deliveries ${deliveriesText(w)}; RATE_LIMITED in ${w.deliveries.rateLimited} histories, ${w.deliveries.failedBy429} failed by 429; 429s from the simulator: ${throttledText(w)}; ${transferText(w)}; duplicates ${duplicates(w)}`);
        const failures = beisenFailures(w);
        if (failures.length) throw new Error(`Beisen burst: ${failures.join('; ')}`);
        await settle('end-to-end Beisen burst');
      } finally {
        origin.close();
      }
    }

    if (all && params.isolatedN > 0) {
      log(`isolated: ${params.isolatedN} cancellations, one at a time, each after the pipeline went quiet`);
      const base = expected;
      expected += params.isolatedN;
      r.isolated = await phase('end-to-end isolated', () => runE2E(env, mon, DINGTALK, 'isolated', 'one at a time on a quiet pipeline', isolatedIds, expected, async (traces) => {
        for (const [i, t] of traces.entries()) {
          await waitIdle(env.view, `isolated ${i + 1}/${traces.length}`, true);
          await DINGTALK.cancel(env, t);
          await waitAllFinal(env, base + i + 1, params.phaseTimeoutSeconds * 1000, `isolated ${i + 1}/${traces.length}`);
        }
      }));
      log(`isolated: last receipt p50 ${fmt(r.isolated.lastReceipt.p50)} ms p99 ${fmt(r.isolated.lastReceipt.p99)} ms`);
      await settle('end-to-end isolated');
    }

    if (all) {
      log(`ingest: ${params.ingestSeconds} s per run after a ${params.warmupSeconds} s warm-up, concurrency ${params.ingestConcurrency} (load from a worker thread)`);
      r.ingest = await phase('ingest runs', () => ingestRuns(env, mon));
      await settle('ingest runs');
    }

    if (all && params.inboxSeed > 0) {
      log(`inbox seed: storing ${params.inboxSeed} accepted inbox records with outcomes, spread over ${params.inboxSeedDays} days`);
      r.seed = await phase('inbox seed', () => seedInbox(env.view, params.inboxSeed, params.inboxSeedDays, env.corpId));
      await settle('the inbox seed', false);
      r.seedQuietSeconds = await phase('database settling after the seed', () => waitDatabaseQuiet(mon));
      r.seeded = await phase('ingest, new events, seeded inbox', () => newEventRun(env, mon, `ingest, new events, ${params.inboxSeed} inbox records stored`));
      await settle(`new events on a ${fmt(params.inboxSeed)}-record inbox`);
    }
  } catch (err) {
    exitCode = 1;
    r.error = (err as Error).stack ?? String(err);
    log(`ERROR: ${r.error}`);
  } finally {
    if (e) {
      r.sweeps = await sweepRuns(e.view.queue(POLL_QUEUE), started).catch(() => undefined);
      r.sandboxTotal = sandboxCounts(e.records, 0);
      r.yonbipTotal = sandboxCounts(e.records, 0, YONBIP_VENDOR);
      r.k3Total = sandboxCounts(e.records, 0, K3_VENDOR);
      r.beisenTotal = sandboxCounts(e.records, 0, BEISEN_VENDOR);
      r.subscriber = {
        deliveries: e.receiver.arrivals.size,
        duplicates: [...e.receiver.arrivals.values()].reduce((n, a) => n + a.count - 1, 0),
        rejected: e.receiver.rejected,
      };
    }
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(r, null, 2));
    log(`wrote ${out}`);
    log('shutting down the hub processes, sandbox and subscriber');
    await hub.stop();
    if (e) {
      const env = e;
      await Promise.race([Promise.allSettled([env.sandbox.close(), env.receiver.close(), env.view.close()]), sleep(30_000)]);
      env.sb.close();
      env.api.close();
      if (existsSync(env.configDir)) rmSync(env.configDir, { recursive: true, force: true });
    }
    clearTimeout(guard);
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`ERROR: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
