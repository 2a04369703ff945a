import { Inject, Injectable } from '@nestjs/common';
import { ConnectorError, isConnectorError, type Connection, type Effect, type EffectParams, type LinkKind, type Receipt } from '@hub/connector-sdk';
import { JsonLogger, TenantDirectory, type LoadedConfig } from '@hub/config';
import { Repositories, TERMINAL_DELIVERY_STATUSES, awaitedLinkKey, type DeliveryRecord } from '@hub/persistence';
import type { SyncJob } from '@hub/queue';
import { CrashPoints, HUB_CONFIG, HubMetrics, PipelineQueues } from '@hub/runtime';
import type { CancellationEvent } from '@hub/schema';
import { IdentityService } from '../identity/identity.service';
import { TargetViewService } from '../identity/target-view.service';
import { DeliverySettler } from './delivery-settler';
import { DeliveryTargets, TargetGoneError, type DeliveryTarget } from './delivery-targets';
import { durably } from './durably';
import { EffectBatcher } from './effect-batcher';
import { EventStore } from './event-store';
import { decideFailure } from './failure-policy';
import { SubscriptionHealth } from './subscription-health';

type Guard = { id: string; generation: number };

/**
 * Step 3: one delivery attempt. Gives the target its own ids (waiting `awaiting_link` when it has none),
 * records the attempt before calling the vendor, applies the effect, and records the receipt, retrying
 * that write on its own while the database is away. A job that finds its attempt already started knows an
 * earlier run died mid-call: it reuses a recorded outcome, repeats only effects that are safe to repeat, and
 * leaves an `unsafe` one `uncertain` (tenant policy `atMostOnce`) unless the vendor can say what happened.
 */
@Injectable()
export class SyncService {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(PipelineQueues) private readonly queues: PipelineQueues,
    @Inject(HUB_CONFIG) private readonly config: LoadedConfig,
    @Inject(JsonLogger) private readonly log: JsonLogger,
    @Inject(CrashPoints) private readonly crash: CrashPoints,
    @Inject(DeliveryTargets) private readonly targets: DeliveryTargets,
    @Inject(EventStore) private readonly events: EventStore,
    @Inject(IdentityService) private readonly identity: IdentityService,
    @Inject(TargetViewService) private readonly views: TargetViewService,
    @Inject(DeliverySettler) private readonly settler: DeliverySettler,
    @Inject(SubscriptionHealth) private readonly health: SubscriptionHealth,
    @Inject(HubMetrics) private readonly metrics: HubMetrics,
    @Inject(EffectBatcher) private readonly batcher: EffectBatcher,
  ) {}

  async process(job: SyncJob): Promise<string> {
    const d = await this.repos.deliveries.findById(job.deliveryId);
    if (!d) return 'delivery not found';
    if (TERMINAL_DELIVERY_STATUSES.includes(d.status)) return `already ${d.status}`;
    if (d.generation !== job.generation) return `stale job (generation ${job.generation}, delivery at ${d.generation})`;
    const g = { id: d._id, generation: d.generation };
    const event = await this.events.get(d.tenantId, d.cancellationId);
    if (!event) return this.fail(d, g, new ConnectorError('PERMANENT', `cancellation ${d.cancellationId} not found`));
    let target: DeliveryTarget;
    try {
      target = await this.targets.of(d);
    } catch (e) {
      if (e instanceof TargetGoneError) return this.fail(d, g, new ConnectorError('PERMANENT', e.message));
      throw e;
    }
    const { connector, conn } = target;
    const required = connector.capabilities.requiresLinks?.[d.effect] ?? [];
    const wanted = connector.capabilities.usesLinks?.[d.effect] ?? [];
    let view;
    try {
      // A subscription receives the hub's event as recorded; a connected system gets its own ids in it.
      view = d.target.kind === 'subscription' ? { event, peopleIds: new Map<string, string>(), missing: [] } : await this.views.build(event, conn, connector, required, wanted);
    } catch (e) {
      return this.fail(d, g, e);
    }
    if (view.missing.length) return this.park(d, g, event, view.missing);
    const effect: Effect = { type: d.effect, idempotencyKey: d._id, event: view.event, params: withTargetIds(JSON.parse(d.params) as EffectParams, view.peopleIds) };
    if (await this.repos.attempts.begin(d._id, d.generation)) return this.attempt(d, g, effect, target);
    return this.recover(d, g, effect, target);
  }

  private async attempt(d: DeliveryRecord, g: Guard, effect: Effect, target: DeliveryTarget, note?: string): Promise<string> {
    const { connector, conn } = target;
    this.crash.hit('sync.before-apply', d._id);
    let receipt: Receipt;
    try {
      receipt = await this.metrics.vendorCall(connector.id, 'apply', () => this.batcher.apply(connector, effect, conn), (r) => r.outcome);
    } catch (e) {
      const ambiguous = isConnectorError(e) && e.details.ambiguous === true;
      const kind = isConnectorError(e) ? e.kind : 'TEMPORARY';
      await durably(() => this.repos.attempts.finish(d._id, d.generation, { ok: false, error: { kind, message: (e as Error).message, ambiguous } }));
      // Before a retry is scheduled: a subscription disabled now makes that retry end as a target that is gone.
      await this.health.failed(target.subscription, e);
      if (ambiguous && d.repeat === 'unsafe' && this.policy(d) === 'atMostOnce') {
        return this.uncertain(d, g, `the call to ${conn.id} ended without an answer (${(e as Error).message}), so the message may or may not have gone out`);
      }
      return this.fail(d, g, e);
    }
    this.crash.hit('sync.after-apply', d._id);
    await durably(() => this.repos.attempts.finish(d._id, d.generation, { ok: true, receipt }), undefined, (e) => this.warnRetry(d, e));
    const result = await this.succeed(d, g, effect.event, conn, receipt, note, true);
    await this.health.succeeded(target.subscription);
    return result;
  }

  /** The attempt of this generation was started by a run that died: find out what happened before doing anything. */
  private async recover(d: DeliveryRecord, g: Guard, effect: Effect, target: DeliveryTarget): Promise<string> {
    const { connector, conn } = target;
    const outcome = await this.repos.attempts.outcome(d._id, d.generation);
    if (outcome?.ok) return this.succeed(d, g, effect.event, conn, outcome.receipt, 'the vendor had confirmed before the worker stopped');
    if (outcome && !(outcome.error.ambiguous && d.repeat === 'unsafe')) return this.fail(d, g, new ConnectorError(outcome.error.kind, outcome.error.message));
    if (d.repeat !== 'unsafe') return this.attempt(d, g, effect, target, `repeated after an interrupted attempt (${d.repeat} effect)`);
    let why = `the worker stopped while sending to ${conn.id}, and ${connector.id} offers no way to ask whether it arrived`;
    if (connector.checkAttempt) {
      const check = await connector.checkAttempt(effect, conn);
      if (check.outcome === 'applied') {
        await durably(() => this.repos.attempts.finish(d._id, d.generation, { ok: true, receipt: check.receipt }));
        return this.succeed(d, g, effect.event, conn, check.receipt, `${connector.id} confirmed the interrupted attempt had arrived`);
      }
      if (check.outcome === 'not_applied') return this.attempt(d, g, effect, target, `${connector.id} confirmed the interrupted attempt had not arrived`);
      why = `the worker stopped while sending to ${conn.id}, and ${connector.id} cannot tell whether it arrived: ${check.why}`;
    }
    if (this.policy(d) === 'atLeastOnce') return this.attempt(d, g, effect, target, `sent again after an interrupted attempt (tenant policy atLeastOnce)`);
    return this.uncertain(d, g, why);
  }

  /** `sent`: this run called the vendor (not only read a recorded outcome). */
  private async succeed(d: DeliveryRecord, g: Guard, event: CancellationEvent, conn: Connection, receipt: Receipt, note?: string, sent = false): Promise<string> {
    for (const l of receipt.links ?? []) {
      const hubId = hubIdOfKind(event, l.kind);
      if (hubId) await durably(() => this.identity.link({ tenantId: d.tenantId, connectionId: conn.id, kind: l.kind, externalId: l.externalId }, hubId, 'receipt'));
    }
    const skipped = receipt.outcome === 'not_applicable';
    const done = await durably(() => (skipped ? this.repos.deliveries.markSkipped(g, receipt) : this.repos.deliveries.markDelivered(g, receipt, note)), undefined, (e) => this.warnRetry(d, e));
    this.crash.hit('sync.after-receipt', d._id);
    if (done) {
      this.counted(d, skipped ? 'skipped' : 'delivered');
      this.log.event('info', skipped ? 'delivery.skipped' : 'delivery.delivered', { deliveryId: d._id, tenantId: d.tenantId, externalRef: receipt.externalRef, ...(note ? { note } : {}) });
      await durably(() => this.settler.settle(d.cancellationId));
    } else if (sent && note) {
      await durably(() => this.repos.deliveries.noteRepeat(d._id, `${note}; the run taken for interrupted had finished meanwhile`));
    }
    return skipped ? `skipped: ${receipt.detail ?? ''}` : 'delivered';
  }

  private async fail(d: DeliveryRecord, g: Guard, error: unknown): Promise<string> {
    const p = this.config.hub.pipeline;
    const decision = decideFailure(error, d.attempts, { maxAttempts: p.deliveryAttempts, backoffBaseMs: p.backoffBaseMs, backoffMaxMs: p.backoffMaxMs });
    const err = { kind: decision.kind, message: decision.message };
    if (decision.action === 'retry') {
      if (await this.repos.deliveries.markFailed(g, err, new Date(Date.now() + decision.delayMs))) {
        this.counted(d, 'retrying');
        await this.queues.sync(d.target.connector, { deliveryId: d._id, generation: d.generation + 1 }, decision.delayMs);
        this.log.event('warn', 'delivery.retrying', { deliveryId: d._id, tenantId: d.tenantId, kind: err.kind, error: err.message, delayMs: decision.delayMs });
      }
      return `retry in ${decision.delayMs} ms: ${err.message}`;
    }
    if (await this.repos.deliveries.markFailed(g, err)) {
      this.counted(d, 'dead');
      this.log.event('error', 'delivery.dead', { deliveryId: d._id, tenantId: d.tenantId, kind: err.kind, error: err.message });
      await this.repos.audit.record(d.tenantId, 'pipeline', 'delivery.dead', d.cancellationId, `${d._id}: ${err.kind} ${err.message}`);
      await this.settler.settle(d.cancellationId);
    }
    return `dead: ${err.message}`;
  }

  private async uncertain(d: DeliveryRecord, g: Guard, why: string): Promise<string> {
    if (await durably(() => this.repos.deliveries.markUncertain(g, why))) {
      this.counted(d, 'uncertain');
      this.log.event('warn', 'delivery.uncertain', { deliveryId: d._id, tenantId: d.tenantId, why });
      await this.repos.audit.record(d.tenantId, 'pipeline', 'delivery.uncertain', d.cancellationId, `${d._id}: ${why}; replay it to send again`);
      await this.settler.settle(d.cancellationId);
    }
    return `uncertain: ${why}`;
  }

  /** Parks the delivery until the target's ids of `missing` are linked; re-checks once after parking, so a link made meanwhile is not missed. */
  private async park(d: DeliveryRecord, g: Guard, event: CancellationEvent, missing: LinkKind[]): Promise<string> {
    const keys = missing.flatMap((k) => hubIdsOfKind(event, k).map((hubId) => awaitedLinkKey(d.tenantId, d.target.id, k, hubId)));
    const detail = `${d.target.id} has no id yet for the ${missing.join(' and ')} of this cancellation (candidate ${event.candidate.hubId}, ${event.candidate.name}): link it with PUT /v1/candidates/${event.candidate.hubId}/links, or the hub asks ${d.target.id} again every ${this.config.hub.pipeline.awaitingLinkRetrySeconds} s`;
    await this.repos.awaiting.add(d._id, d.target.connector, d.generation, keys);
    const recheck = d.status === 'awaiting_link' && sameKinds(d.awaiting?.kinds ?? [], missing);
    if ((await this.repos.deliveries.markAwaiting(g, missing, detail, recheck)) && !recheck) {
      this.counted(d, 'awaiting_link');
      this.log.event('info', 'delivery.awaiting_link', { deliveryId: d._id, tenantId: d.tenantId, missing });
      await this.settler.settle(d.cancellationId);
    }
    const nowLinked = await Promise.all(missing.map(async (k) => (await Promise.all(hubIdsOfKind(event, k).map((h) => this.repos.links.externalIdOf(d.tenantId, k, h, d.target.id)))).some(Boolean)));
    if (nowLinked.every(Boolean)) {
      await this.repos.awaiting.removeDelivery(d._id);
      await this.queues.requeueSync(d.target.connector, { deliveryId: d._id, generation: d.generation }, 10);
    }
    return `awaiting link: ${missing.join(', ')}`;
  }

  /** hub_deliveries_total: the delivery reached `status` (counted once per state change this process made). */
  private counted(d: DeliveryRecord, status: string): void {
    this.metrics.deliveries.inc({ connector: d.target.connector, effect: d.effect, status });
  }

  private policy(d: DeliveryRecord): 'atMostOnce' | 'atLeastOnce' {
    return this.tenants.get(d.tenantId)?.policies.unsafeEffects ?? 'atMostOnce';
  }

  private warnRetry(d: DeliveryRecord, e: Error): void {
    this.log.event('warn', 'delivery.receipt_write_retrying', { deliveryId: d._id, tenantId: d.tenantId, error: e.message });
  }
}

/** Fills each recipient's id in the target from the hub ids the hub knows there. */
function withTargetIds(params: EffectParams, peopleIds: Map<string, string>): EffectParams {
  if (!params.recipients) return params;
  return { ...params, recipients: params.recipients.map((r) => ({ ...r, externalId: (r.hubId && peopleIds.get(r.hubId)) || r.externalId })) };
}

function sameKinds(a: LinkKind[], b: LinkKind[]): boolean {
  return a.length === b.length && a.every((k) => b.includes(k));
}

function hubIdsOfKind(event: CancellationEvent, kind: LinkKind): string[] {
  const ids =
    kind === 'interviewer' ? event.interview.interviewers.map((i) => i.hubId) : [hubIdOfKind(event, kind)];
  return ids.filter((id): id is string => !!id);
}

function hubIdOfKind(event: CancellationEvent, kind: LinkKind): string | undefined {
  switch (kind) {
    case 'candidate':
      return event.candidate.hubId;
    case 'interview':
      return event.interview.hubId;
    case 'position':
      return event.interview.position.hubId;
    case 'recruiter':
      return event.cancellation.initiatedBy.hubId;
    default:
      return event.interview.interviewers.length === 1 ? event.interview.interviewers[0].hubId : undefined;
  }
}
