import type { Queue } from 'bull';
import { log, params } from './bench-params';
import { sleep } from './http-client';
import type { PipelineView } from './pipeline-view';
import { fmt } from './stats';

/** Queue depth and pipeline backlog, and bounded waits for the hub to go quiet. */

export async function queueDepth(q: Queue): Promise<number> {
  const c = await q.getJobCounts();
  return c.waiting + c.active + c.delayed;
}

export interface Settle {
  seconds: number;
  /** Jobs + pending inbox records + deliveries in flight still there when the wait ended (0 = quiet). */
  left: number;
}

/**
 * Waits (bounded by BENCH_SETTLE_TIMEOUT_S) until the pipeline has nothing left to do — no job to run
 * (schedules aside), no inbox record waiting for ingest, no delivery in flight — and stays so for a
 * second, so the next phase starts from a quiet hub.
 */
export async function waitIdle(view: PipelineView, label: string, quietLog = false): Promise<Settle> {
  const started = Date.now();
  const deadline = started + params.settleTimeoutSeconds * 1000;
  let idleSince = 0;
  let left = 0;
  let lastLog = Date.now();
  for (;;) {
    const b = await view.backlog();
    left = b.jobs + (b.pending || 0) + (b.deliveries || 0);
    if (left > 0) idleSince = 0;
    else idleSince ||= Date.now();
    if (idleSince && Date.now() - idleSince >= 1000) break;
    if (Date.now() > deadline) break;
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log(`${label}: waiting for the pipeline to go quiet: ${b.jobs} jobs${b.jobs ? '' : `, ${b.pending} inbox records to ingest, ${b.deliveries} deliveries in flight`}`);
    }
    await sleep(400);
  }
  const seconds = (Date.now() - started) / 1000;
  if (!quietLog || left > 0) log(`${label}: pipeline ${left === 0 ? 'quiet' : `still busy (${left} left; BENCH_SETTLE_TIMEOUT_S reached)`} after ${fmt(seconds, 1)} s`);
  return { seconds, left };
}
