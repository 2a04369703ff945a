import type { Queue } from 'bull';
import type { Env } from './bench-env';
import { log, params } from './bench-params';
import { sleep } from './http-client';
import { fmt } from './stats';

/** Queue depth and pipeline backlog, and bounded waits for the hub to go quiet. */

export async function queueDepth(q: Queue): Promise<number> {
  const c = await q.getJobCounts();
  return c.waiting + c.active;
}

export async function waitQueueIdle(q: Queue, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await queueDepth(q)) > 0 && Date.now() < deadline) await sleep(200);
}

/** Jobs that are still to run in the pipeline queues (repeatable schedule jobs excluded). */
async function pipelineBacklog(e: Env): Promise<number> {
  let busy = 0;
  for (const q of e.queues.all()) {
    if (q.name === 'maintenance') continue;
    const c = await q.getJobCounts();
    const delayed = c.delayed ? (await q.getDelayed(0, 5000)).filter((j: { opts: { repeat?: unknown } } | null) => j && !j.opts.repeat).length : 0;
    busy += c.waiting + c.active + delayed;
  }
  return busy;
}

/** Waits (bounded) until no ingest, poll or sync job is left, so the next phase starts from a quiet hub. */
export async function waitIdle(e: Env, label: string, quietLog = false): Promise<{ seconds: number; left: number }> {
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
