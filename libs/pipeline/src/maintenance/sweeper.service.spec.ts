import type { JsonLogger, LoadedConfig } from '@hub/config';
import type { Repositories } from '@hub/persistence';
import type { PipelineQueues, RedisLocks } from '@hub/runtime';
import type { DeliverySettler } from '../sync/delivery-settler';
import { newUlid } from '@hub/schema';
import { SweeperService } from './sweeper.service';

const OLD = new Date(Date.now() - 3_600_000);

/** Stuck pending records (those in `settledIds` have an outcome) and a sweeper that looks at two per sweep. */
function sweeperOver(pendingIds: string[], settledIds: string[] = []) {
  const requeued: string[] = [];
  const trimmed: string[] = [];
  const repos = {
    pending: {
      all: async () => pendingIds.map((_id) => ({ _id, updatedAt: OLD })),
      trimBefore: async (id: string) => trimmed.push(id),
      recordFailure: async () => 1,
    },
    outcomes: { idsFrom: async (from: string) => new Set(settledIds.filter((id) => id >= from)) },
    deliveries: { inStatusAfter: async () => [] },
    cancellations: { syncingAfter: async () => [] },
  } as unknown as Repositories;
  const queues = { requeueIngest: async (job: { inboxId: string }) => (requeued.push(job.inboxId), 'requeued') } as unknown as PipelineQueues;
  const locks = { acquire: async () => ({ release: async () => undefined }) } as unknown as RedisLocks;
  const config = { hub: { pipeline: { sweepGraceSeconds: 30, sweepBatch: 2, awaitingLinkRetrySeconds: 300 } } } as LoadedConfig;
  const sweeper = new SweeperService(repos, queues, locks, {} as DeliverySettler, config, { event: () => undefined } as unknown as JsonLogger);
  return { sweeper, requeued, trimmed };
}

describe('SweeperService paging', () => {
  it('goes on where the last sweep stopped and wraps around, so old stuck records cannot starve the others', async () => {
    const { sweeper, requeued } = sweeperOver(['a', 'b', 'c', 'd', 'e']);
    for (let i = 0; i < 4; i++) await sweeper.sweep();
    expect(requeued).toEqual(['a', 'b', 'c', 'd', 'e', 'a', 'b']);
  });

  it('requeues only unsettled records, and trims the settled ones before the oldest unsettled one', async () => {
    const old = [1, 2, 3, 4].map((n) => newUlid(OLD.getTime() + n));
    const { sweeper, requeued, trimmed } = sweeperOver(old, [old[0], old[1], old[3]]);
    await sweeper.sweep();
    expect(requeued).toEqual([old[2]]);
    expect(trimmed).toEqual([old[2]]);
  });

  it('skips when another process holds the sweep', async () => {
    const { sweeper } = sweeperOver(['a']);
    (sweeper as unknown as { locks: RedisLocks }).locks = { acquire: async () => undefined } as unknown as RedisLocks;
    expect(await sweeper.sweep()).toMatchObject({ skipped: 'another sweep is running' });
  });
});
