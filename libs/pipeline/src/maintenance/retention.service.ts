import { Inject, Injectable } from '@nestjs/common';
import { JsonLogger, type LoadedConfig } from '@hub/config';
import { Repositories } from '@hub/persistence';
import { HUB_CONFIG, RedisLocks } from '@hub/runtime';

const DAY_MS = 86_400_000;

export interface RetentionReport {
  skipped?: 'another retention run is in progress';
  inbox: number;
  rejected: number;
  outcomes: number;
  deliveries: number;
}

/**
 * Keeps the collections that only serve inspection bounded (hub.yaml `retention`): accepted inbox records
 * with their outcomes and redelivery counts, refused requests, and finished deliveries with their attempt
 * records. Records still pending are never removed. Cancellations, the archive and the audit trail are kept.
 */
@Injectable()
export class RetentionService {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(RedisLocks) private readonly locks: RedisLocks,
    @Inject(HUB_CONFIG) private readonly config: LoadedConfig,
    @Inject(JsonLogger) private readonly log: JsonLogger,
  ) {}

  async run(now = new Date()): Promise<RetentionReport> {
    const lease = await this.locks.acquire('retention', 10 * 60_000);
    if (!lease) return { skipped: 'another retention run is in progress', inbox: 0, rejected: 0, outcomes: 0, deliveries: 0 };
    try {
      const r = this.config.hub.retention;
      const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
      const pending = new Set((await this.repos.pending.model.find({}, { _id: 1 }).lean()).map((p) => p._id));
      const report: RetentionReport = {
        inbox: await this.repos.inbox.deleteReceivedBefore('accepted', before(r.inboxDays), [...pending]),
        rejected: await this.repos.inbox.deleteReceivedBefore('rejected', before(r.rejectedDays)),
        outcomes: await this.repos.outcomes.deleteBefore(before(r.inboxDays)),
        deliveries: 0,
      };
      const deliveries = await this.repos.deliveries.deleteFinishedBefore(before(r.deliveryDays));
      await this.repos.attempts.deleteForDeliveries(deliveries);
      report.deliveries = deliveries.length;
      if (report.inbox + report.rejected + report.outcomes + report.deliveries > 0) this.log.event('info', 'retention.done', { ...report });
      return report;
    } finally {
      await lease.release();
    }
  }
}
