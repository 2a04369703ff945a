import { Inject, Injectable } from '@nestjs/common';
import { ConnectorRegistry, type Connection, type Effect, type EffectParams } from '@hub/connector-sdk';
import { JsonLogger, TenantDirectory, type LoadedConfig } from '@hub/config';
import { Repositories, SecretCipher, TERMINAL_DELIVERY_STATUSES, type DeliveryRecord } from '@hub/persistence';
import type { CancellationEvent } from '@hub/schema';
import { HUB_CONFIG } from '../../../hub/src/core/core.tokens';
import { PipelineQueues } from '../../../hub/src/core/pipeline-queues';
import { decideFailure } from './failure-policy';

/**
 * Step 3: one delivery attempt. Applies the effect through the target's connector, stores the
 * receipt, or records the failure and schedules the next generation per the failure policy.
 * A job whose generation is stale, or whose delivery is already final, does nothing.
 */
@Injectable()
export class SyncService {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(ConnectorRegistry) private readonly registry: ConnectorRegistry,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(SecretCipher) private readonly cipher: SecretCipher,
    @Inject(PipelineQueues) private readonly queues: PipelineQueues,
    @Inject(HUB_CONFIG) private readonly config: LoadedConfig,
    @Inject(JsonLogger) private readonly log: JsonLogger,
  ) {}

  async process(deliveryId: string, generation: number): Promise<string> {
    const d = await this.repos.deliveries.findById(deliveryId);
    if (!d) return 'delivery not found';
    if (TERMINAL_DELIVERY_STATUSES.includes(d.status)) return `already ${d.status}`;
    if (d.generation !== generation) return `stale job (generation ${generation}, delivery at ${d.generation})`;
    const cancellation = await this.repos.cancellations.findById(d.tenantId, d.cancellationId);
    if (!cancellation) return this.fail(d, new Error(`cancellation ${d.cancellationId} not found`), true);

    let conn: Connection;
    try {
      conn = await this.targetConnection(d);
    } catch (e) {
      return this.fail(d, e, true);
    }
    const effect: Effect = {
      type: d.effect,
      idempotencyKey: d._id,
      event: JSON.parse(cancellation.event) as CancellationEvent,
      params: JSON.parse(d.params) as EffectParams,
    };
    try {
      const receipt = await this.registry.get(d.target.connector).apply(effect, conn);
      if (await this.repos.deliveries.markDelivered(d._id, d.generation, receipt)) {
        this.log.event('info', 'delivery.delivered', { deliveryId: d._id, tenantId: d.tenantId, externalRef: receipt.externalRef });
        await this.settle(d);
      }
      return 'delivered';
    } catch (e) {
      return this.fail(d, e, false);
    }
  }

  private async fail(d: DeliveryRecord, error: unknown, permanent: boolean): Promise<string> {
    const decision = permanent
      ? { action: 'dead' as const, kind: 'PERMANENT' as const, message: (error as Error).message }
      : decideFailure(error, d.attempts, {
          maxAttempts: this.config.hub.pipeline.deliveryAttempts,
          backoffBaseMs: this.config.hub.pipeline.backoffBaseMs,
          backoffMaxMs: this.config.hub.pipeline.backoffMaxMs,
        });
    const err = { kind: decision.kind, message: decision.message };
    if (decision.action === 'retry') {
      const retryAt = new Date(Date.now() + decision.delayMs);
      if (await this.repos.deliveries.markFailed(d._id, d.generation, err, retryAt)) {
        await this.queues.sync(d.target.connector, { deliveryId: d._id, generation: d.generation + 1 }, decision.delayMs);
        this.log.event('warn', 'delivery.retrying', { deliveryId: d._id, tenantId: d.tenantId, kind: err.kind, error: err.message, delayMs: decision.delayMs });
      }
      return `retry in ${decision.delayMs} ms: ${err.message}`;
    }
    if (await this.repos.deliveries.markFailed(d._id, d.generation, err)) {
      this.log.event('error', 'delivery.dead', { deliveryId: d._id, tenantId: d.tenantId, kind: err.kind, error: err.message });
      await this.repos.audit.record(d.tenantId, 'pipeline', 'delivery.dead', d.cancellationId, `${d._id}: ${err.kind} ${err.message}`);
      await this.settle(d);
    }
    return `dead: ${err.message}`;
  }

  /** Updates the cancellation's sync status once none of its deliveries is in flight. */
  private async settle(d: DeliveryRecord): Promise<void> {
    const c = await this.repos.deliveries.statusCounts(d.cancellationId);
    if (c.pending + c.queued + c.retrying > 0) return;
    await this.repos.cancellations.setSyncStatus(d.cancellationId, c.dead > 0 ? 'failed' : 'synced');
  }

  /** The connection a delivery goes to; subscriptions become webhook connections with their sealed secret opened. */
  private async targetConnection(d: DeliveryRecord): Promise<Connection> {
    if (d.target.kind === 'connection') {
      const conn = this.tenants.connection(d.tenantId, d.target.id);
      if (!conn) throw new Error(`connection ${d.target.id} is no longer configured for tenant ${d.tenantId}`);
      return conn;
    }
    const sub = await this.repos.subscriptions.find(d.tenantId, d.target.id);
    if (!sub || !sub.active) throw new Error(`subscription ${d.target.id} no longer exists`);
    return {
      tenantId: d.tenantId,
      id: sub._id,
      connector: 'webhook',
      credentials: { secret: this.cipher.decrypt(sub.sealedSecret) },
      settings: { url: sub.url, eventTypes: sub.eventTypes },
    };
  }
}
