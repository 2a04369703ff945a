import { Inject, Injectable } from '@nestjs/common';
import { ConnectorRegistry } from '@hub/connector-sdk';
import { JsonLogger, TenantDirectory, type TenantConfig } from '@hub/config';
import { Repositories, type CancellationRecord, type DeliveryRecord } from '@hub/persistence';
import type { CancellationEvent } from '@hub/schema';
import { PipelineQueues } from '../../../hub/src/core/pipeline-queues';
import { planDeliveries } from '../planning/effect-planner';
import { renderTags, templateValues } from '../planning/message-templates';

export const CANCELLED_EVENT_TYPE = 'interview.cancelled';

/** What accepting an event did: `suppressed` events changed nothing but a counter and the audit log. */
export interface FanoutResult {
  outcome: 'created' | 'same' | 'suppressed';
  cancellationId: string;
  summary: string;
}

/**
 * Records a canonical cancellation and fans it out: identity map, archive entry, candidate
 * status and tags, one delivery per target × effect, and their jobs. Every step is keyed, so
 * running it again for the same event changes nothing and loses nothing.
 */
@Injectable()
export class CancellationFanout {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(ConnectorRegistry) private readonly registry: ConnectorRegistry,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(PipelineQueues) private readonly queues: PipelineQueues,
    @Inject(JsonLogger) private readonly log: JsonLogger,
  ) {}

  async accept(incoming: CancellationEvent, inboxId: string | undefined, actor = 'pipeline'): Promise<FanoutResult> {
    const tenant = this.tenants.require(incoming.tenantId);
    const c = incoming.candidate;
    const person = await this.repos.candidates.resolve({
      tenantId: tenant.id,
      refs: Object.entries(c.externalIds).map(([conn, id]) => `${conn}:${id}`),
      name: c.name,
      phone: c.phone,
      email: c.email,
    });
    const withHubId: CancellationEvent = { ...incoming, candidate: { ...c, hubId: person._id } };
    const upsert = await this.repos.cancellations.upsert(withHubId, inboxId);
    if (upsert.outcome === 'suppressed') {
      await this.repos.audit.record(tenant.id, actor, 'cancellation.suppressed', upsert.record._id, `${upsert.why} (inbox ${inboxId ?? '-'})`);
      this.log.event('info', 'cancellation.suppressed', { tenantId: tenant.id, cancellationId: upsert.record._id, inboxId, why: upsert.why });
      return { outcome: 'suppressed', cancellationId: upsert.record._id, summary: `suppressed: ${upsert.why}` };
    }
    const record = upsert.record;
    const event = JSON.parse(record.event) as CancellationEvent;
    await this.record(event, record, person._id, tenant);
    await this.enqueuePending(record._id);
    if (upsert.outcome === 'created') {
      await this.repos.audit.record(tenant.id, actor, 'cancellation.recorded', record._id, `origin ${event.source.system}/${event.source.connectionId}`);
      this.log.event('info', 'cancellation.recorded', { tenantId: tenant.id, cancellationId: record._id, origin: event.source.connectionId });
    }
    return { outcome: upsert.outcome, cancellationId: record._id, summary: `cancellation ${record._id} ${upsert.outcome}` };
  }

  private async record(event: CancellationEvent, record: CancellationRecord, candidateHubId: string, tenant: TenantConfig): Promise<void> {
    const values = templateValues(event, tenant);
    const tags = renderTags(tenant, values);
    await this.repos.archive.append(
      tenant.id,
      record._id,
      'interview.cancelled',
      JSON.stringify({
        cancellationId: record._id,
        interview: event.interview,
        candidate: { hubId: candidateHubId, name: event.candidate.name, externalIds: event.candidate.externalIds },
        reason: event.cancellation.reason,
        initiatedBy: event.cancellation.initiatedBy,
        occurredAt: event.occurredAt,
        source: event.source,
      }),
    );
    await this.repos.candidates.markCancelled(candidateHubId, record._id, values.reason, tags, tenant.policies.talentPool);
    const subscriptions = await this.repos.subscriptions.activeFor(tenant.id, CANCELLED_EVENT_TYPE);
    await this.repos.deliveries.plan(
      planDeliveries({
        event,
        tenant,
        capabilitiesOf: (id) => this.registry.get(id).capabilities,
        subscriptions: subscriptions.map((s) => ({ id: s._id })),
      }),
    );
  }

  /** Queues every pending delivery of a cancellation. */
  async enqueuePending(cancellationId: string): Promise<number> {
    const deliveries = await this.repos.deliveries.forCancellation(cancellationId);
    let n = 0;
    for (const d of deliveries.filter((x) => x.status === 'pending')) {
      await this.enqueue(d);
      n++;
    }
    return n;
  }

  /**
   * Marks the delivery queued, then adds its job: once the job exists a worker may write the delivery,
   * so nothing here writes it after. A crash between the two leaves it `queued` without a job, which
   * the sweeper finds and requeues.
   */
  async enqueue(d: DeliveryRecord, delayMs = 0): Promise<void> {
    if (!(await this.repos.deliveries.markQueued(d._id, d.generation, ['pending']))) return;
    await this.queues.sync(d.target.connector, { deliveryId: d._id, generation: d.generation }, delayMs);
  }
}
