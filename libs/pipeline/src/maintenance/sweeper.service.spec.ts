import type { JsonLogger, LoadedConfig } from '@hub/config';
import type { Repositories } from '@hub/persistence';
import type { PipelineQueues, RedisLocks } from '@hub/runtime';
import type { DeliverySettler } from '../sync/delivery-settler';
import { SweeperService } from './sweeper.service';

const OLD = new Date(Date.now() - 3_600_000);

/** Five stuck pending records and a sweeper that looks at two per sweep. */
function sweeperOver(pendingIds: string[]) {
  const requeued: string[] = [];
  const repos = {
    pending: {
      after: async (after: string, limit: number) => pendingIds.filter((id) => id > after).slice(0, limit).map((_id) => ({ _id, updatedAt: OLD })),
      recordFailure: async () => 1,
    },
    deliveries: { inStatusAfter: async () => [] },
    cancellations: { syncingAfter: async () => [] },
  } as unknown as Repositories;
  const queues = { requeueIngest: async (job: { inboxId: string }) => (requeued.push(job.inboxId), 'requeued') } as unknown as PipelineQueues;
  const locks = { acquire: async () => ({ release: async () => undefined }) } as unknown as RedisLocks;
  const config = { hub: { pipeline: { sweepGraceSeconds: 30, sweepBatch: 2, awaitingLinkRetrySeconds: 300 } } } as LoadedConfig;
  const sweeper = new SweeperService(repos, queues, locks, {} as DeliverySettler, config, { event: () => undefined } as unknown as JsonLogger);
  return { sweeper, requeued };
}

describe('SweeperService paging', () => {
  it('goes on where the last sweep stopped and wraps around, so old stuck records cannot starve the others', async () => {
    const { sweeper, requeued } = sweeperOver(['a', 'b', 'c', 'd', 'e']);
    for (let i = 0; i < 4; i++) await sweeper.sweep();
    expect(requeued).toEqual(['a', 'b', 'c', 'd', 'e', 'a', 'b']);
  });

  it('skips when another process holds the sweep', async () => {
    const { sweeper } = sweeperOver(['a']);
    (sweeper as unknown as { locks: RedisLocks }).locks = { acquire: async () => undefined } as unknown as RedisLocks;
    expect(await sweeper.sweep()).toMatchObject({ skipped: 'another sweep is running' });
  });
});
