import { Inject, Injectable } from '@nestjs/common';
import { isConnectorError } from '@hub/connector-sdk';
import { JsonLogger, type LoadedConfig } from '@hub/config';
import { Repositories, type SubscriptionDisabledReason, type SubscriptionRecord } from '@hub/persistence';
import { HUB_CONFIG } from '@hub/runtime';

const HOUR_MS = 3_600_000;

/**
 * Subscription hygiene, after each delivery attempt to a subscription: a success stops its failure clock; a
 * `gone` answer (HTTP 410) disables it at once; any other failure starts the clock, or disables the subscription
 * once it has failed without a success for `subscriptions.disableAfterFailingHours`. Disabling leaves an audit
 * entry on the subscription and the log event `subscription.disabled`; its pending deliveries then end `dead`
 * as targets that are gone. Best effort: a database error here is logged, never fails the delivery.
 */
@Injectable()
export class SubscriptionHealth {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(HUB_CONFIG) private readonly config: LoadedConfig,
    @Inject(JsonLogger) private readonly log: JsonLogger,
  ) {}

  /** `sub` as read before the attempt (undefined for deliveries to connections). */
  async succeeded(sub: SubscriptionRecord | undefined): Promise<void> {
    if (!sub?.failingSince) return;
    await this.safely(sub, () => this.repos.subscriptions.markHealthy(sub.tenantId, sub._id));
  }

  async failed(sub: SubscriptionRecord | undefined, error: unknown, at: Date = new Date()): Promise<void> {
    if (!sub) return;
    await this.safely(sub, async () => {
      if (isConnectorError(error) && error.details.gone) {
        return this.disable(sub, 'gone', 'the subscriber answered 410 Gone');
      }
      if (!sub.failingSince) return this.repos.subscriptions.markFailing(sub.tenantId, sub._id, at);
      const hours = this.config.hub.subscriptions.disableAfterFailingHours;
      const cutoff = new Date(at.getTime() - hours * HOUR_MS);
      if (new Date(sub.failingSince) <= cutoff) {
        await this.disable(sub, 'failing', `its deliveries have failed without a success since ${new Date(sub.failingSince).toISOString()} (subscriptions.disableAfterFailingHours: ${hours})`, cutoff);
      }
    });
  }

  private async disable(sub: SubscriptionRecord, reason: Exclude<SubscriptionDisabledReason, 'deleted'>, why: string, failingSinceBefore?: Date): Promise<void> {
    if (!(await this.repos.subscriptions.disable(sub.tenantId, sub._id, reason, failingSinceBefore))) return;
    this.log.event('warn', 'subscription.disabled', { tenantId: sub.tenantId, subscriptionId: sub._id, reason, why });
    await this.repos.audit.record(sub.tenantId, 'pipeline', 'subscription.disabled', sub._id, `${reason}: ${why}; POST /v1/subscriptions/${sub._id}/enable turns it back on`);
  }

  private async safely(sub: SubscriptionRecord, step: () => Promise<unknown>): Promise<void> {
    try {
      await step();
    } catch (e) {
      this.log.event('warn', 'subscription.health_write_failed', { tenantId: sub.tenantId, subscriptionId: sub._id, error: (e as Error).message });
    }
  }
}
