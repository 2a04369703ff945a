import { IN_FLIGHT_DELIVERY_STATUSES, ingestBacklog, type Repositories } from '@hub/persistence';
import type { PipelineQueues } from '@hub/runtime';
import { waitFor } from './wait-for';

/**
 * Work the pipeline still has: queued or running jobs (schedules aside), inbox records not processed, deliveries in
 * flight, and cancellations still `syncing` (also once their deliveries are final: settling them may be the sweeper's
 * work, after a process died between the last receipt and the status update).
 */
export async function pipelineBacklog(repos: Repositories, queues: PipelineQueues): Promise<{ jobs: number; pending: number; deliveries: number; syncing: number }> {
  let jobs = 0;
  for (const q of queues.all()) {
    const c = await q.getJobCounts();
    const delayed = c.delayed ? (await q.getDelayed(0, 10_000)).filter((j) => j && !j.opts.repeat).length : 0;
    jobs += c.waiting + c.active + delayed;
  }
  const pending = (await ingestBacklog(repos.pending, repos.outcomes)).unsettled.length;
  const deliveries = await repos.deliveries.model.countDocuments({ status: { $in: IN_FLIGHT_DELIVERY_STATUSES } });
  const syncing = await repos.cancellations.model.countDocuments({ syncStatus: 'syncing' });
  return { jobs, pending, deliveries, syncing };
}

/**
 * Waits until the pipeline has nothing left to do, and stays so for `quietMs` (a job that finishes may
 * add another): what a test checks after this is the final state, not a snapshot taken mid-flight.
 */
export async function waitForIdle(repos: Repositories, queues: PipelineQueues, timeoutMs = 30_000, quietMs = 300): Promise<void> {
  let idleSince = 0;
  await waitFor(
    'the pipeline to be idle',
    async () => {
      const b = await pipelineBacklog(repos, queues);
      if (b.jobs + b.pending + b.deliveries + b.syncing > 0) {
        idleSince = 0;
        return false;
      }
      idleSince ||= Date.now();
      return Date.now() - idleSince >= quietMs;
    },
    timeoutMs,
    50,
  );
}
