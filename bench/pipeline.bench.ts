import 'reflect-metadata';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dataSizes, setUp } from './lib/bench-env';
import { DEMO_INTERVIEWS, ROOT, log, params } from './lib/bench-params';
import type { BenchResults } from './lib/bench-results';
import { cancel, runE2E, waitAllFinal, type E2EResult } from './lib/e2e-phase';
import { mapLimit, sleep } from './lib/http-client';
import { ingestPhase } from './lib/ingest-phase';
import { machineInfo } from './lib/machine';
import { waitIdle } from './lib/pipeline-idle';
import { ResourceMonitor } from './lib/resources';
import { fmt } from './lib/stats';
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
