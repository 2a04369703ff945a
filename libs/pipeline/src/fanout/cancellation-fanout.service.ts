import { Inject, Injectable } from '@nestjs/common';
import { ConnectorRegistry } from '@hub/connector-sdk';
import { JsonLogger, TenantDirectory, type TenantConfig } from '@hub/config';
import { Repositories, type CancellationRecord, type DeliveryRecord } from '@hub/persistence';
import { PipelineQueues } from '@hub/runtime';
import type { CancellationEvent } from '@hub/schema';
import { IdentityService } from '../identity/identity.service';
import { planDeliveries } from '../planning/effect-planner';
import { renderTags, templateValues } from '../planning/message-templates';
import { DeliverySettler } from '../sync/delivery-settler';
import { EventStore } from '../sync/event-store';

export const CANCELLED_EVENT_TYPE = 'interview.cancelled';

/** What accepting an event did: `suppressed` events changed nothing but a counter and the audit log. */
export interface FanoutResult {
  outcome: 'created' | 'same' | 'suppressed';
  cancellationId: string;
  summary: string;
}

/**
 * Records a canonical cancellation and fans it out: hub ids for everything it names (the link store),
 * one cancellation per interview whichever system reports it, an archive entry, the candidate's status,
 * tags and pool, one delivery per target × effect, and their jobs. Every step is keyed, so running it
 * again for the same event changes nothing and loses nothing.
 */
@Injectable()
export class CancellationFanout {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(ConnectorRegistry) private readonly registry: ConnectorRegistry,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(PipelineQueues) private readonly queues: PipelineQueues,
    @Inject(IdentityService) private readonly identity: IdentityService,
    @Inject(EventStore) private readonly events: EventStore,
    @Inject(DeliverySettler) private readonly settler: DeliverySettler,
    @Inject(JsonLogger) private readonly log: JsonLogger,
  ) {}

  async accept(incoming: CancellationEvent, inboxId: string | undefined, actor = 'pipeline'): Promise<FanoutResult> {
    const tenant = this.tenants.require(incoming.tenantId);
    const { event: resolved, created: newLinks } = await this.identity.resolveOrigin(incoming);
    const upsert = await this.repos.cancellations.create(resolved, inboxId);
    if (upsert.outcome === 'suppressed') {
      await this.repos.audit.record(tenant.id, actor, 'cancellation.suppressed', upsert.record._id, `${upsert.why} (inbox ${inboxId ?? '-'}, reported by ${incoming.source.connectionId})`);
      this.log.event('info', 'cancellation.suppressed', { tenantId: tenant.id, cancellationId: upsert.record._id, inboxId, why: upsert.why });
      return { outcome: 'suppressed', cancellationId: upsert.record._id, summary: `suppressed: ${upsert.why}` };
    }
    const record = upsert.record;
    const event = JSON.parse(record.event) as CancellationEvent;
    this.events.remember(event);
    const deliveries = await this.record(event, record, tenant, upsert.outcome === 'created');
    await this.enqueue(deliveries, upsert.outcome === 'created');
    if (!deliveries.some((d) => d.status === 'queued')) await this.settler.settle(record._id, deliveries.length === 0);
    await this.identity.wake(newLinks);
    if (upsert.outcome === 'created') {
      await this.repos.audit.record(tenant.id, actor, 'cancellation.recorded', record._id, `origin ${event.source.system}/${event.source.connectionId}`);
      this.log.event('info', 'cancellation.recorded', { tenantId: tenant.id, cancellationId: record._id, origin: event.source.connectionId });
    }
    return { outcome: upsert.outcome, cancellationId: record._id, summary: `cancellation ${record._id} ${upsert.outcome}` };
  }

  /** Archive entry, candidate projection and planned deliveries; a repeated run (`fresh` false) checks before appending to the archive. */
  private async record(event: CancellationEvent, record: CancellationRecord, tenant: TenantConfig, fresh: boolean): Promise<DeliveryRecord[]> {
    const values = templateValues(event, tenant);
    if (fresh || !(await this.repos.archive.exists(tenant.id, record._id, CANCELLED_EVENT_TYPE))) {
      await this.repos.archive.append(
        tenant.id,
        record._id,
        CANCELLED_EVENT_TYPE,
        JSON.stringify({
          cancellationId: record._id,
          interview: event.interview,
          candidate: { hubId: event.candidate.hubId, name: event.candidate.name, externalIds: event.candidate.externalIds },
          reason: event.cancellation.reason,
          initiatedBy: event.cancellation.initiatedBy,
          ...(event.cancellation.approval ? { approval: event.cancellation.approval } : {}),
          occurredAt: event.occurredAt,
          source: event.source,
        }),
      );
    }
    const c = event.candidate;
    await this.repos.candidates.markCancelled({
      tenantId: tenant.id,
      // The person may have been merged with another record since this event was resolved.
      hubId: await this.identity.canonical(tenant.id, 'candidate', record.candidateHubId, true),
      name: c.name,
      phone: c.phone,
      email: c.email,
      cancellationId: record._id,
      reason: values.reason,
      tags: renderTags(tenant, values),
      pool: tenant.policies.talentPool,
    });
    const subscriptions = await this.repos.subscriptions.activeFor(tenant.id, CANCELLED_EVENT_TYPE);
    const planned = planDeliveries({
      event,
      tenant,
      capabilitiesOf: (id) => this.registry.get(id).capabilities,
      subscriptions: subscriptions.map((s) => ({ id: s._id })),
      subscriptionConnector: this.registry.subscriptionConnector()?.id,
    });
    const stored = await this.repos.deliveries.plan(planned);
    // A repeated run finds deliveries that moved on since they were planned: read their current state.
    return fresh ? stored : this.repos.deliveries.forCancellation(record._id);
  }

  /**
   * Adds the job of every queued delivery. On a repeated run a job may have finished and been kept by
   * Bull under the same id, so those are re-added through `requeue`.
   */
  private async enqueue(deliveries: DeliveryRecord[], fresh: boolean): Promise<void> {
    for (const d of deliveries.filter((x) => x.status === 'queued')) {
      const job = { deliveryId: d._id, generation: d.generation };
      if (fresh) await this.queues.sync(d.target.connector, job);
      else await this.queues.requeueSync(d.target.connector, job).catch(() => undefined); // the sweeper requeues what this could not
    }
  }
}
