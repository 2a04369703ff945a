import { Inject, Injectable } from '@nestjs/common';
import { JsonLogger, type LoadedConfig } from '@hub/config';
import { ingestBacklog, Repositories, type DeliveryStatus } from '@hub/persistence';
import { HUB_CONFIG, PipelineQueues, RedisLocks } from '@hub/runtime';
import { DeliverySettler } from '../sync/delivery-settler';

export interface SweepReport {
  skipped?: 'another sweep is running';
  ingest: number;
  deliveries: number;
  awaiting: number;
  settled: number;
}

/** Where each kind of record's fair paging stands: every sweep goes on after the last id the previous one saw. */
type Cursors = Record<'pending' | 'queued' | 'retrying' | 'awaiting_link' | 'syncing', string>;
const START: Cursors = { pending: '', queued: '', retrying: '', awaiting_link: '', syncing: '' };

/**
 * The safety net that makes the pipeline durable without transactions: whatever MongoDB says is still to
 * do but has no live job after a grace period (an inbox record never ingested, a delivery never queued, a
 * retry whose job was lost) is queued again under its deterministic job id; parked deliveries ask their
 * target again now and then; a cancellation left `syncing` by a process that died after its last delivery
 * gets its status. It writes no delivery itself: the jobs it adds decide. Each kind is paged by id from
 * where the last sweep stopped, so old stuck records cannot starve new ones. One sweep runs at a time.
 */
@Injectable()
export class SweeperService {
  private cursors: Cursors = { ...START };

  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(PipelineQueues) private readonly queues: PipelineQueues,
    @Inject(RedisLocks) private readonly locks: RedisLocks,
    @Inject(DeliverySettler) private readonly settler: DeliverySettler,
    @Inject(HUB_CONFIG) private readonly config: LoadedConfig,
    @Inject(JsonLogger) private readonly log: JsonLogger,
  ) {}

  async sweep(now = new Date()): Promise<SweepReport> {
    const lease = await this.locks.acquire('sweep', 60_000);
    if (!lease) return { skipped: 'another sweep is running', ingest: 0, deliveries: 0, awaiting: 0, settled: 0 };
    try {
      const p = this.config.hub.pipeline;
      const grace = new Date(now.getTime() - p.sweepGraceSeconds * 1000);
      const report: SweepReport = {
        ingest: await this.pendingIngest(grace, now),
        deliveries: (await this.stranded('queued', (d) => d.updatedAt < grace)) + (await this.stranded('retrying', (d) => !!d.nextAttemptAt && d.nextAttemptAt < grace)),
        awaiting: await this.stranded('awaiting_link', (d) => d.updatedAt.getTime() < now.getTime() - p.awaitingLinkRetrySeconds * 1000),
        settled: await this.unsettled(grace),
      };
      if (report.ingest || report.deliveries || report.settled) this.log.event('warn', 'sweeper.recovered', { ...report });
      return report;
    } finally {
      await lease.release();
    }
  }

  /** One page of `kind` after its cursor; the cursor wraps to the start when the page is not full. */
  private async page<T extends { _id: string }>(kind: keyof Cursors, load: (after: string, limit: number) => Promise<T[]>): Promise<T[]> {
    const limit = this.config.hub.pipeline.sweepBatch;
    const rows = await load(this.cursors[kind], limit);
    this.cursors[kind] = rows.length === limit ? rows[rows.length - 1]._id : '';
    return rows;
  }

  /** Trims the settled pending entries, then requeues the unsettled ones whose job is gone. */
  private async pendingIngest(grace: Date, now: Date): Promise<number> {
    const backlog = await ingestBacklog(this.repos.pending, this.repos.outcomes, now);
    if (backlog.trimBefore) await this.repos.pending.trimBefore(backlog.trimBefore);
    let n = 0;
    for (const p of await this.page('pending', async (after, limit) => backlog.unsettled.filter((u) => u._id > after).slice(0, limit))) {
      if (p.updatedAt >= grace) continue;
      if ((await this.queues.requeueIngest({ inboxId: p._id })) !== 'requeued') continue;
      // Each requeue counts as a failed attempt, so a record nothing can finish ends `failed` instead of circling forever.
      await this.repos.pending.recordFailure(p._id, 'requeued by the sweeper: no job finished it');
      n++;
    }
    return n;
  }

  private async stranded(status: DeliveryStatus, due: (d: { updatedAt: Date; nextAttemptAt?: Date }) => boolean): Promise<number> {
    let n = 0;
    for (const d of await this.page(status as keyof Cursors, (after, limit) => this.repos.deliveries.inStatusAfter(status, after, limit))) {
      if (!due(d)) continue;
      if ((await this.queues.requeueSync(d.target.connector, { deliveryId: d._id, generation: d.generation })) === 'requeued') n++;
    }
    return n;
  }

  private async unsettled(grace: Date): Promise<number> {
    let n = 0;
    for (const c of await this.page('syncing', (after, limit) => this.repos.cancellations.syncingAfter(after, limit))) {
      if (c.updatedAt >= grace) continue;
      if (await this.settler.settle(c._id)) n++;
    }
    return n;
  }
}
