import { Inject, Injectable } from '@nestjs/common';
import { JsonLogger, type LoadedConfig } from '@hub/config';
import { Repositories } from '@hub/persistence';
import { HUB_CONFIG } from '../../../hub/src/core/core.tokens';
import { PipelineQueues } from '../../../hub/src/core/pipeline-queues';

const BATCH = 500;

/**
 * The safety net that makes the pipeline durable without transactions: whatever MongoDB says is
 * still to do (an inbox record never ingested, a delivery never queued, a retry whose job was
 * lost) but has no live job after a grace period is queued again under its deterministic job id.
 */
@Injectable()
export class SweeperService {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(PipelineQueues) private readonly queues: PipelineQueues,
    @Inject(HUB_CONFIG) private readonly config: LoadedConfig,
    @Inject(JsonLogger) private readonly log: JsonLogger,
  ) {}

  async sweep(now = new Date()): Promise<{ inbox: number; deliveries: number }> {
    const before = new Date(now.getTime() - this.config.hub.pipeline.sweepGraceSeconds * 1000);
    let inbox = 0;
    for (const rec of await this.repos.inbox.findStranded(before, BATCH)) {
      if ((await this.queues.requeueIngest(rec._id)) === 'requeued') inbox++;
    }
    let deliveries = 0;
    for (const d of await this.repos.deliveries.findStranded(before, BATCH)) {
      // Written before the job is re-added, never after: a running worker may own the delivery then.
      if (d.status !== 'queued' && !(await this.repos.deliveries.markQueued(d._id, d.generation, [d.status]))) continue;
      if ((await this.queues.requeueSync(d.target.connector, { deliveryId: d._id, generation: d.generation })) === 'requeued') deliveries++;
    }
    if (inbox || deliveries) this.log.event('warn', 'sweeper.requeued', { inbox, deliveries });
    return { inbox, deliveries };
  }
}
